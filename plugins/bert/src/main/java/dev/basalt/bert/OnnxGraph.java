package dev.basalt.bert;

import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model ({@code ModelProto → GraphProto}) that a weight import needs: the nodes with their
 * inputs, outputs and tensor attributes, and the initializers (weights), read with {@link ProtoReader}. Field numbers
 * are those of onnx.proto3.
 *
 * @param nodes        the graph's nodes in file (topological) order
 * @param initializers the weights by name
 * @param inputs       the names of the graph's inputs
 */
record OnnxGraph(List<Node> nodes, Map<String, OnnxTensor> initializers, List<String> inputs) {

    /** One operator: {@code op_type}, its input and output value names, and its tensor-valued attributes. */
    record Node(String name, String opType, List<String> inputs, List<String> outputs, Map<String, OnnxTensor> tensors) {
    }

    /**
     * A tensor of a graph.
     *
     * @param dataType ONNX's {@code TensorProto.DataType} (1 FLOAT, 6 INT32, 7 INT64)
     * @param data     little-endian element bytes ({@code raw_data}), or the packed {@code *_data} field's bytes
     */
    record OnnxTensor(String name, int dataType, long[] dims, ByteBuffer data) {
        static final int FLOAT = 1;
        static final int INT32 = 6;
        static final int INT64 = 7;

        long elementCount() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        float[] toFloats() {
            if (dataType != FLOAT) {
                throw new BasaltException("ONNX tensor " + name + " has data type " + dataType + ", not FLOAT (1)");
            }
            float[] out = new float[Math.toIntExact(elementCount())];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        long[] toLongs() {
            long[] out = new long[Math.toIntExact(elementCount())];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < out.length; i++) {
                out[i] = dataType == INT64 ? b.getLong(i * 8) : b.getInt(i * 4);
            }
            return out;
        }
    }

    static OnnxGraph read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new BasaltException(file + " is over 2 GiB; ONNX files that large keep their weights in external"
                        + " data files, which this reader does not follow.");
            }
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return read(bytes, file.toString());
        } catch (IOException e) {
            throw new BasaltException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static OnnxGraph read(ByteBuffer bytes, String source) {
        try {
            ProtoReader model = new ProtoReader(bytes, 0, bytes.limit());
            while (model.next()) {
                if (model.field() == 7 && model.wireType() == ProtoReader.LENGTH_DELIMITED) {
                    return graph(model.message(), source);
                }
                model.skip();
            }
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            throw new BasaltException(source + " is not a readable ONNX model: " + e.getMessage(), e);
        }
        throw new BasaltException(source + " is not an ONNX model: it has no graph (ModelProto field 7).");
    }

    private static OnnxGraph graph(ProtoReader graph, String source) {
        List<Node> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        while (graph.next()) {
            switch (graph.field()) {
                case 1 -> nodes.add(node(graph.message(), source));
                case 5 -> {
                    OnnxTensor t = tensor(graph.message(), source);
                    initializers.put(t.name(), t);
                }
                case 11 -> inputs.add(valueName(graph.message()));
                default -> graph.skip();
            }
        }
        return new OnnxGraph(nodes, initializers, inputs);
    }

    private static Node node(ProtoReader node, String source) {
        String name = "";
        String op = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        while (node.next()) {
            switch (node.field()) {
                case 1 -> inputs.add(node.string());
                case 2 -> outputs.add(node.string());
                case 3 -> name = node.string();
                case 4 -> op = node.string();
                case 5 -> {
                    ProtoReader attribute = node.message();
                    String attributeName = "";
                    OnnxTensor value = null;
                    while (attribute.next()) {
                        if (attribute.field() == 1) {
                            attributeName = attribute.string();
                        } else if (attribute.field() == 5) {
                            value = tensor(attribute.message(), source);
                        } else {
                            attribute.skip();
                        }
                    }
                    if (value != null) {
                        tensors.put(attributeName, value);
                    }
                }
                default -> node.skip();
            }
        }
        return new Node(name, op, inputs, outputs, tensors);
    }

    private static String valueName(ProtoReader value) {
        while (value.next()) {
            if (value.field() == 1) {
                return value.string();
            }
            value.skip();
        }
        return "";
    }

    private static OnnxTensor tensor(ProtoReader tensor, String source) {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteBuffer data = null;
        while (tensor.next()) {
            switch (tensor.field()) {
                case 1 -> {
                    if (tensor.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        ProtoReader packed = tensor.message();
                        while (packed.hasMore()) {
                            dims.add(packed.varint());
                        }
                    } else {
                        dims.add(tensor.varint());
                    }
                }
                case 2 -> type = (int) tensor.varint();
                case 8 -> name = tensor.string();
                case 9 -> data = tensor.bytes();
                case 4, 5 -> data = packedWords(tensor, 4);
                case 7 -> data = packedWords(tensor, 8);
                case 13, 14 -> throw new BasaltException(source + ": tensor '" + name
                        + "' keeps its data in an external file, which this reader does not follow.");
                default -> tensor.skip();
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        OnnxTensor t = new OnnxTensor(name, type, shape, data == null ? ByteBuffer.allocate(0) : data);
        int width = type == OnnxTensor.INT64 ? 8 : 4;
        if (t.data().remaining() != t.elementCount() * width && (type == OnnxTensor.FLOAT || type == OnnxTensor.INT64
                || type == OnnxTensor.INT32)) {
            throw new BasaltException(source + ": tensor '" + name + "' holds " + t.data().remaining() + " bytes for "
                    + t.elementCount() + " elements");
        }
        return t;
    }

    /**
     * A packed {@code float_data} (fixed 32-bit) or {@code int64_data} / {@code int32_data} (varints) field as
     * little-endian words of {@code width} bytes.
     */
    private static ByteBuffer packedWords(ProtoReader tensor, int width) {
        if (tensor.field() == 4) {
            return tensor.bytes();
        }
        ProtoReader packed = tensor.message();
        List<Long> values = new ArrayList<>();
        while (packed.hasMore()) {
            values.add(packed.varint());
        }
        ByteBuffer out = ByteBuffer.allocate(values.size() * width).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (width == 8) {
                out.putLong(v);
            } else {
                out.putInt((int) v);
            }
        }
        return out.flip();
    }
}
