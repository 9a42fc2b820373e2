package dev.basalt.api.format;

import dev.basalt.api.BasaltException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void readsAFileWrittenByHuggingFaceSafetensors() {
        Path file = SharedData.require("models/lm-buddy-fake-gpt2/model.safetensors");
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            // shapes stated in shared/data/SOURCES.md and config.json (n_embd=2, vocab 50257, n_positions 1024)
            assertArrayEquals(new long[] {50257, 2}, st.tensors().get("transformer.wte.weight").shape());
            assertArrayEquals(new long[] {1024, 2}, st.tensors().get("transformer.wpe.weight").shape());
            assertArrayEquals(new long[] {2, 6}, st.tensors().get("transformer.h.0.attn.c_attn.weight").shape());
            assertEquals("pt", st.metadata().get("format"));
            float[] wte = st.tensors().get("transformer.wte.weight").toFloats();
            assertEquals(50257 * 2, wte.length);
            for (float v : wte) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void roundTripsEveryValueAndTheMetadata() throws IOException {
        float[] weights = {1.5f, -2.25f, 0f, Float.MIN_VALUE, 3.4e38f, -0f};
        long[] ids = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, List.of(StoredTensor.ofFloats("a.weight", new long[] {2, 3}, weights),
                StoredTensor.ofLongs("b \"quoted\" ids", new long[] {5}, ids)), Map.of("format", "pt"));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertArrayEquals(weights, st.tensors().get("a.weight").toFloats());
            assertArrayEquals(ids, st.tensors().get("b \"quoted\" ids").toLongs());
            assertEquals(List.of("a.weight", "b \"quoted\" ids"), List.copyOf(st.tensors().keySet()));
            assertEquals("pt", st.metadata().get("format"));
        }
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data section starts 8-byte aligned");
        assertEquals(List.of("model.safetensors"), Arrays.stream(dir.toFile().list()).toList(), "no temporary file is left");
    }

    @Test
    void widensHalfPrecisionTypesByTheirDefinitions() throws IOException {
        // IEEE half: 0x3C00 = 1.0, 0xC000 = -2.0, 0x7BFF = 65504 (largest), 0x0001 = 2^-24 (smallest subnormal)
        // bfloat16 is the top half of an f32: 0x3F80 = 1.0, 0xC0A0 = -5.0
        Path file = dir.resolve("half.safetensors");
        SafetensorsWriter.write(file, List.of(
                new StoredTensor("h", StoredDType.F16, new long[] {4}, shorts(0x3C00, 0xC000, 0x7BFF, 0x0001)),
                new StoredTensor("b", StoredDType.BF16, new long[] {2}, shorts(0x3F80, 0xC0A0))), Map.of());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1f, -2f, 65504f, (float) Math.pow(2, -24)}, st.tensors().get("h").toFloats());
            assertArrayEquals(new float[] {1f, -5f}, st.tensors().get("b").toFloats());
        }
    }

    private static MemorySegment shorts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putShort((short) v);
        }
        return MemorySegment.ofArray(buffer.array());
    }

    private Path validFile() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        SafetensorsWriter.write(file, List.of(StoredTensor.ofFloats("w", new long[] {4, 4}, new float[16])), Map.of());
        return file;
    }

    private String refusal(byte[] content) throws IOException {
        Path file = dir.resolve("broken.safetensors");
        Files.write(file, content);
        BasaltException e = assertThrows(BasaltException.class, () -> SafetensorsFile.open(file).close());
        assertTrue(e.getMessage().startsWith(file + " is not a valid safetensors file"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        byte[] valid = Files.readAllBytes(validFile());
        assertTrue(refusal(Arrays.copyOf(valid, valid.length - 4)).contains("outside the 60-byte data section"));
        assertTrue(refusal(Arrays.copyOf(valid, 20)).contains("header"));
        assertTrue(refusal(Arrays.copyOf(valid, 5)).contains("fewer than the 8-byte header length"));
    }

    @Test
    void refusesAHeaderLengthThatDoesNotMatchTheFile() throws IOException {
        byte[] content = Files.readAllBytes(validFile());
        ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).putLong(0, content.length);
        assertTrue(refusal(content).contains("announce"));
    }

    @Test
    void refusesExtraBytesAndBadHeaders() throws IOException {
        byte[] valid = Files.readAllBytes(validFile());
        byte[] longer = Arrays.copyOf(valid, valid.length + 8);
        assertTrue(refusal(longer).contains("extra or missing bytes"));
        assertTrue(refusal(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)).contains("overlap"));
        assertTrue(refusal(file("{\"w\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8)).contains("F33"));
        assertTrue(refusal(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)).contains("needs 12 bytes"));
        assertTrue(refusal(file("{not json", 0)).contains("not valid JSON"));
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(json.length).put(json);
        return buffer.array();
    }
}
