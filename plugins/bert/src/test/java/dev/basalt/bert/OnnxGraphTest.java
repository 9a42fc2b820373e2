package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX reader on messages encoded by hand from the protobuf encoding rules (varint tags {@code field << 3 | wire},
 * length-delimited strings and messages, packed repeated fields) and the field numbers of onnx.proto3.
 */
class OnnxGraphTest {

    @TempDir
    Path dir;

    @Test
    void readsNodesInitializersAndInputsWhateverTheFieldOrder() {
        byte[] weight = floats(1.5f, -2f, 0.25f, 8f, 0f, -1f);
        byte[] tensor = concat(
                field(8, "onnx::MatMul_7"), packedVarints(1, 2, 3), varint(2 << 3), varint(1), bytes(9, weight));
        byte[] node = concat(field(1, "x"), field(1, "onnx::MatMul_7"), field(2, "y"), field(3, "/layer/MatMul"),
                field(4, "MatMul"), field(7, "ai.onnx"));
        byte[] input = field(1, "input_ids");
        byte[] graph = concat(bytes(2, "g".getBytes(StandardCharsets.UTF_8)), bytes(5, tensor), bytes(1, node),
                bytes(11, input));
        // ir_version (field 1, varint) and a producer name (field 2) before the graph (field 7)
        byte[] model = concat(varint(1 << 3), varint(8), field(2, "pytorch"), bytes(7, graph));
        OnnxGraph g = OnnxGraph.read(ByteBuffer.wrap(model), "hand-made");
        assertEquals(java.util.List.of("input_ids"), g.inputs());
        assertEquals(1, g.nodes().size());
        OnnxGraph.Node n = g.nodes().getFirst();
        assertEquals("MatMul", n.opType());
        assertEquals("/layer/MatMul", n.name());
        assertEquals(java.util.List.of("x", "onnx::MatMul_7"), n.inputs());
        OnnxGraph.OnnxTensor t = g.initializers().get("onnx::MatMul_7");
        assertArrayEquals(new long[] {2, 3}, t.dims());
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 8f, 0f, -1f}, t.toFloats());
    }

    @Test
    void aTruncatedFileIsOneMessageNamingIt() throws IOException {
        byte[] graph = bytes(1, concat(field(3, "node"), field(4, "Add")));
        byte[] model = bytes(7, graph);
        Path file = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(model, model.length - 3));
        BasaltException e = assertThrows(BasaltException.class, () -> OnnxGraph.read(file));
        assertTrue(e.getMessage().contains("cut.onnx") && e.getMessage().contains("not a readable ONNX model"),
                e.getMessage());
    }

    @Test
    void aFileWithoutGraphOrWithoutBertWeightsIsRefused() throws IOException {
        Path empty = Files.write(dir.resolve("empty.onnx"), concat(varint(1 << 3), varint(8)));
        BasaltException e = assertThrows(BasaltException.class, () -> OnnxGraph.read(empty));
        assertTrue(e.getMessage().contains("has no graph"), e.getMessage());
        Path other = Files.write(dir.resolve("other.onnx"), bytes(7, bytes(1, concat(field(3, "n"), field(4, "Relu")))));
        e = assertThrows(BasaltException.class, () -> OnnxBertImport.load(other));
        assertTrue(e.getMessage().contains("not a BERT encoder graph")
                && e.getMessage().contains("embeddings.word_embeddings.weight"), e.getMessage());
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    /** A length-delimited field (wire type 2). */
    private static byte[] bytes(int field, byte[] value) {
        return concat(varint((long) field << 3 | 2), varint(value.length), value);
    }

    private static byte[] field(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** TensorProto.dims (field 1) as one packed run of varints. */
    private static byte[] packedVarints(int field, long... values) {
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (long v : values) {
            run.writeBytes(varint(v));
        }
        return bytes(field, run.toByteArray());
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
