package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import dev.basalt.api.format.HfCheckpoints;
import dev.basalt.api.format.StoredTensor;
import dev.basalt.api.tensor.Tensor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a BERT encoder exported to ONNX by PyTorch (the {@code BertModel} graphs of Hugging Face Optimum and
 * sentence-transformers, such as all-MiniLM-L6-v2). Named initializers carry HF names already; the exporter leaves
 * the linear weights anonymous ({@code onnx::MatMul_787}) and stored as {@code [in, out]}, so each anonymous weight is
 * named after the node that reads it ({@code /encoder/layer.0/attention/self/query/MatMul} gives
 * {@code encoder.layer.0.attention.self.query.weight}) and transposed back to {@code [out, in]}. What no initializer
 * holds comes from the graph: the head count from the shape given to the attention's Reshape, the LayerNorm epsilon
 * from the constant added to the variance, the activation from Erf (exact GELU) or Tanh nodes.
 */
final class OnnxBertImport {

    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.");

    private OnnxBertImport() {
    }

    static BertModel load(Path file) {
        OnnxGraph graph = OnnxGraph.read(file);
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        nameWeights(graph, file, values, shapes);
        BertConfig config = configOf(graph, file, shapes);
        BertModel model = new BertModel(config, 0);
        Map<String, StoredTensor> stored = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            stored.put(e.getKey(), StoredTensor.ofFloats(e.getKey(), shapes.get(e.getKey()), e.getValue()));
        }
        Map<String, Tensor> state = HfCheckpoints.match(stored, model.namedParameters(),
                name -> HfBertCheckpoint.canonical(name, config.variant()), file, "a bert encoder");
        model.loadState(state, file.toString());
        return model;
    }

    /** Every float initializer under its HF name; anonymous MatMul weights transposed to {@code [out, in]}. */
    private static void nameWeights(OnnxGraph graph, Path file, Map<String, float[]> values, Map<String, long[]> shapes) {
        Map<String, OnnxGraph.Node> readers = new HashMap<>();
        for (OnnxGraph.Node node : graph.nodes()) {
            for (String input : node.inputs()) {
                readers.putIfAbsent(input, node);
            }
        }
        for (OnnxGraph.OnnxTensor t : graph.initializers().values()) {
            if (t.dataType() != OnnxGraph.OnnxTensor.FLOAT) {
                continue; // position_ids and other integer buffers
            }
            if (!t.name().contains("::")) {
                values.put(t.name(), t.toFloats());
                shapes.put(t.name(), t.dims());
                continue;
            }
            OnnxGraph.Node reader = readers.get(t.name());
            if (reader == null) {
                continue;
            }
            String path = modulePath(reader.name());
            switch (reader.opType()) {
                case "MatMul" -> {
                    if (t.dims().length != 2) {
                        throw new BasaltException(file + ": MatMul weight " + t.name() + " of " + reader.name()
                                + " is not a matrix");
                    }
                    long[] dims = t.dims();
                    values.put(path + ".weight", transpose(t.toFloats(), (int) dims[0], (int) dims[1]));
                    shapes.put(path + ".weight", new long[] {dims[1], dims[0]});
                }
                case "Add" -> put(values, shapes, path + ".bias", t);
                case "Mul", "Gather" -> put(values, shapes, path + ".weight", t);
                default -> throw new BasaltException(file + ": initializer " + t.name() + " is read by a "
                        + reader.opType() + " node (" + reader.name() + "), which a BERT encoder does not have");
            }
        }
    }

    private static void put(Map<String, float[]> values, Map<String, long[]> shapes, String name, OnnxGraph.OnnxTensor t) {
        values.put(name, t.toFloats());
        shapes.put(name, t.dims());
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} to {@code encoder.layer.0.attention.self.query}. */
    private static String modulePath(String nodeName) {
        String path = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
        int last = path.lastIndexOf('/');
        return (last < 0 ? path : path.substring(0, last)).replace('/', '.');
    }

    private static float[] transpose(float[] data, int rows, int cols) {
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return out;
    }

    private static BertConfig configOf(OnnxGraph graph, Path file, Map<String, long[]> shapes) {
        long[] words = require(shapes, "embeddings.word_embeddings.weight", file);
        long[] positions = require(shapes, "embeddings.position_embeddings.weight", file);
        long[] types = shapes.get("embeddings.token_type_embeddings.weight");
        long[] intermediate = require(shapes, "encoder.layer.0.intermediate.dense.weight", file);
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : shapes.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.lookingAt()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        Map<String, OnnxGraph.OnnxTensor> constants = new HashMap<>(graph.initializers());
        Map<String, OnnxGraph.Node> producers = new HashMap<>();
        boolean erf = false;
        boolean tanh = false;
        for (OnnxGraph.Node node : graph.nodes()) {
            node.outputs().forEach(o -> producers.put(o, node));
            if (node.opType().equals("Constant") && node.tensors().containsKey("value")) {
                constants.put(node.outputs().getFirst(), node.tensors().get("value"));
            }
            erf |= node.opType().equals("Erf") && node.name().contains("intermediate");
            tanh |= node.opType().equals("Tanh") && node.name().contains("intermediate");
        }
        int width = (int) words[1];
        try {
            return new BertConfig(BertConfig.Variant.BERT, layers.size(), heads(graph, producers, constants, file), width,
                    width,                    (int) intermediate[0], (int) positions[0], (int) words[0], types == null ? 0 : (int) types[0],
                    epsilon(graph, constants, file), erf ? BertConfig.Activation.GELU
                    : tanh ? BertConfig.Activation.GELU_TANH : BertConfig.Activation.RELU, 0.0, 0, false, false, 0.02);
        } catch (IllegalArgumentException e) {
            throw new BasaltException(file + ": " + e.getMessage(), e);
        }
    }

    /** The third entry of the shape the first layer's key projection is reshaped to: {@code [B, T, heads, hd]}. */
    private static int heads(OnnxGraph graph, Map<String, OnnxGraph.Node> producers,
                             Map<String, OnnxGraph.OnnxTensor> constants, Path file) {
        for (OnnxGraph.Node node : graph.nodes()) {
            if (!node.opType().equals("Reshape") || !node.inputs().getFirst().contains("layer.0/attention/self/key")) {
                continue;
            }
            String shape = node.inputs().get(1);
            OnnxGraph.OnnxTensor direct = constants.get(shape);
            if (direct != null && direct.elementCount() == 4) {
                return (int) direct.toLongs()[2];
            }
            OnnxGraph.Node concat = producers.get(shape);
            if (concat != null && concat.opType().equals("Concat") && concat.inputs().size() == 4) {
                OnnxGraph.OnnxTensor heads = constants.get(concat.inputs().get(2));
                if (heads != null) {
                    return (int) heads.toLongs()[0];
                }
            }
        }
        throw new BasaltException(file + ": cannot find the attention head count (no Reshape of layer 0's key"
                + " projection to [batch, length, heads, head width])");
    }

    /** The scalar added to the variance in the embeddings' LayerNorm ({@code Add(ReduceMean(..), eps)}). */
    private static double epsilon(OnnxGraph graph, Map<String, OnnxGraph.OnnxTensor> constants, Path file) {
        for (OnnxGraph.Node node : graph.nodes()) {
            if (node.opType().equals("LayerNormalization")) {
                throw new BasaltException(file + ": fused LayerNormalization nodes are not read yet; export without"
                        + " operator fusion (opset below 17)");
            }
            if (node.opType().equals("Add") && node.name().endsWith("embeddings/LayerNorm/Add")) {
                OnnxGraph.OnnxTensor eps = constants.get(node.inputs().get(1));
                if (eps != null && eps.elementCount() == 1) {
                    return eps.toFloats()[0];
                }
            }
        }
        throw new BasaltException(file + ": cannot find the LayerNorm epsilon (no Add of a constant to the variance in"
                + " /embeddings/LayerNorm)");
    }

    private static long[] require(Map<String, long[]> shapes, String name, Path file) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new BasaltException(file + " is not a BERT encoder graph: it has no initializer " + name);
        }
        return shape;
    }
}
