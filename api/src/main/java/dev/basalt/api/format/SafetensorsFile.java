package dev.basalt.api.format;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file, memory-mapped and fully validated on open: header length, JSON, types, shapes, and that the
 * tensors tile the data section exactly, so a truncated or corrupted file is refused with a message naming the file
 * and the problem instead of yielding wrong weights.
 *
 * <p>Format: an 8-byte little-endian header length {@code N}, {@code N} bytes of JSON mapping each tensor name to
 * {@code {dtype, shape, data_offsets: [begin, end]}} (offsets relative to the data section) plus an optional
 * {@code __metadata__} map of strings, then the data section.
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final long MAX_HEADER = 100L << 20;

    private final Path path;
    private final Arena arena;
    private final Map<String, StoredTensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, Map<String, StoredTensor> tensors, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps and validates a file. The tensors' data stays valid until {@link #close()}. */
    public static SafetensorsFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw corrupt(path, "it has " + size + " bytes, fewer than the 8-byte header length");
            }
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLength = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw corrupt(path, "its first 8 bytes announce a " + headerLength + "-byte header, but the file has "
                        + (size - 8) + " bytes after them (truncated, or not a safetensors file)");
            }
            byte[] header = file.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment data = file.asSlice(8 + headerLength);
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, StoredTensor> tensors = parse(path, new String(header, StandardCharsets.UTF_8), data, metadata);
            return new SafetensorsFile(path, arena, tensors, Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            arena.close();
            throw new BasaltException("Cannot read the safetensors file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Map<String, StoredTensor> parse(Path path, String header, MemorySegment data,
                                                   Map<String, String> metadata) {
        ConfigObject root;
        try {
            root = ConfigFactory.parseString(header, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
                    .setOriginDescription(path.toString())).root();
        } catch (ConfigException e) {
            throw corrupt(path, "its header is not valid JSON (" + e.getMessage() + ")");
        }
        List<long[]> spans = new ArrayList<>();
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : root.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                if (entry.getValue() instanceof ConfigObject meta) {
                    meta.forEach((k, v) -> metadata.put(k, String.valueOf(v.unwrapped())));
                }
                continue;
            }
            if (!(entry.getValue() instanceof ConfigObject info)) {
                throw corrupt(path, "the header entry '" + name + "' is not an object");
            }
            StoredDType dtype = StoredDType.byHeaderName(stringField(path, name, info, "dtype"));
            if (dtype == null) {
                throw corrupt(path, "tensor '" + name + "' has dtype " + info.get("dtype").render()
                        + "; known dtypes: " + StoredDType.names());
            }
            long[] shape = longs(path, name, info, "shape");
            long[] offsets = longs(path, name, info, "data_offsets");
            if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > data.byteSize()) {
                throw corrupt(path, "tensor '" + name + "' has data_offsets " + Arrays.toString(offsets)
                        + " outside the " + data.byteSize() + "-byte data section (truncated file?)");
            }
            for (long dim : shape) {
                if (dim < 0) {
                    throw corrupt(path, "tensor '" + name + "' has a negative dimension in " + Arrays.toString(shape));
                }
            }
            long needed = StoredTensor.elementCount(shape) * dtype.bytes();
            if (offsets[1] - offsets[0] != needed) {
                throw corrupt(path, "tensor '" + name + "' of shape " + Arrays.toString(shape) + " and dtype " + dtype
                        + " needs " + needed + " bytes, but its data_offsets span " + (offsets[1] - offsets[0]));
            }
            spans.add(new long[] {offsets[0], offsets[1]});
            tensors.put(name, new StoredTensor(name, dtype, shape, data.asSlice(offsets[0], needed)));
        }
        checkTiling(path, spans, data.byteSize());
        return Collections.unmodifiableMap(tensors);
    }

    /** The tensors must cover the data section exactly, without gaps or overlaps, as the format requires. */
    private static void checkTiling(Path path, List<long[]> spans, long dataSize) {
        spans.sort(Comparator.comparingLong(s -> s[0]));
        long end = 0;
        for (long[] span : spans) {
            if (span[0] != end) {
                throw corrupt(path, span[0] < end ? "two tensors overlap at byte " + span[0]
                        : "bytes " + end + ".." + span[0] + " of the data section belong to no tensor");
            }
            end = span[1];
        }
        if (end != dataSize) {
            throw corrupt(path, "the tensors cover " + end + " bytes but the data section has " + dataSize
                    + " (extra or missing bytes at the end)");
        }
    }

    private static String stringField(Path path, String name, ConfigObject info, String field) {
        ConfigValue value = info.get(field);
        if (value == null || value.valueType() != ConfigValueType.STRING) {
            throw corrupt(path, "tensor '" + name + "' has no string '" + field + "'");
        }
        return (String) value.unwrapped();
    }

    private static long[] longs(Path path, String name, ConfigObject info, String field) {
        ConfigValue value = info.get(field);
        if (!(value instanceof ConfigList list)) {
            throw corrupt(path, "tensor '" + name + "' has no list '" + field + "'");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i).unwrapped() instanceof Number number) || number.doubleValue() != number.longValue()) {
                throw corrupt(path, "tensor '" + name + "' has a non-integer in '" + field + "'");
            }
            out[i] = number.longValue();
        }
        return out;
    }

    private static BasaltException corrupt(Path path, String problem) {
        return new BasaltException(path + " is not a valid safetensors file: " + problem + ".");
    }

    public Path path() {
        return path;
    }

    /** Every tensor, in header order. */
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        arena.close();
    }
}
