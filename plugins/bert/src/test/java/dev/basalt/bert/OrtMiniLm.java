package dev.basalt.bert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.basalt.api.tokenizer.Encoding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference for the imported MiniLM: ONNX Runtime runs the ONNX file itself on a padded batch of encodings
 * (with its attention mask), and the last hidden states are averaged over the real tokens and scaled to unit length
 * here, as sentence-transformers does.
 */
final class OrtMiniLm implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OrtMiniLm(Path onnx, int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        // ORT's workers spin after each call by default, which in an interleaved same-process comparison takes a core
        // from the other side's next call (docs/PERFORMANCE.md, "MiniLM embeddings").
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        session = environment.createSession(onnx.toString(), options);
    }

    /** One unit vector per encoding. */
    List<float[]> embed(List<Encoding> batch) throws OrtException {
        int rows = batch.size();
        int length = batch.stream().mapToInt(Encoding::length).max().orElse(1);
        long[][] ids = new long[rows][length];
        long[][] mask = new long[rows][length];
        long[][] types = new long[rows][length];
        for (int r = 0; r < rows; r++) {
            Encoding e = batch.get(r);
            for (int i = 0; i < e.length(); i++) {
                ids[r][i] = e.ids()[i];
                mask[r][i] = 1;
                types[r][i] = e.typeIds()[i];
            }
        }
        try (OnnxTensor a = OnnxTensor.createTensor(environment, ids);
             OnnxTensor b = OnnxTensor.createTensor(environment, mask);
             OnnxTensor c = OnnxTensor.createTensor(environment, types);
             OrtSession.Result result = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            float[][][] hidden = (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
            List<float[]> out = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                out.add(meanUnit(hidden[r], batch.get(r).length()));
            }
            return out;
        }
    }

    private static float[] meanUnit(float[][] hidden, int real) {
        double[] mean = new double[hidden[0].length];
        for (int i = 0; i < real; i++) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += hidden[i][d] / (double) real;
            }
        }
        double norm = Math.sqrt(java.util.Arrays.stream(mean).map(x -> x * x).sum());
        float[] out = new float[mean.length];
        for (int d = 0; d < mean.length; d++) {
            out[d] = (float) (mean[d] / norm);
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
