package dev.basalt.api.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes safetensors files atomically: to a temporary file beside the target, forced to disk, then moved. */
public final class SafetensorsWriter {

    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} in the given order, with optional {@code __metadata__} strings. */
    public static void write(Path file, List<StoredTensor> tensors, Map<String, String> metadata) throws IOException {
        Set<String> names = new HashSet<>();
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":{").append(metadata.entrySet().stream()
                    .map(e -> Json.quote(e.getKey()) + ":" + Json.quote(e.getValue())).collect(Collectors.joining(",")))
                    .append('}');
        }
        long offset = 0;
        for (StoredTensor tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException("tensor name written twice: " + tensor.name());
            }
            long end = offset + tensor.data().byteSize();
            header.append(header.length() > 1 ? "," : "").append(Json.quote(tensor.name()))
                    .append(":{\"dtype\":\"").append(tensor.dtype().name()).append("\",\"shape\":")
                    .append(Arrays.toString(tensor.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the data section starts 8-byte aligned, padded with spaces
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        AtomicFiles.write(file, channel -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
            writeFully(channel, length);
            writeFully(channel, ByteBuffer.wrap(headerBytes));
            for (StoredTensor tensor : tensors) {
                writeFully(channel, tensor.data().asByteBuffer());
            }
        });
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

}
