package dev.basalt.bert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.basalt.api.model.SentenceEmbedder;
import dev.basalt.api.tokenizer.Encoding;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real all-MiniLM-L6-v2 (6 layers, width 384), imported from its ONNX file, against ONNX Runtime running the same
 * file: sentence embeddings (mean over real tokens, unit length) of the same token ids, and the nearest neighbours
 * they give.
 */
class MiniLmOnnxTest {

    /**
     * Both sides compute in float32 through six post-LN layers, in different orders of summation (and ONNX Runtime
     * fuses some ops); unit vectors of 384 components of order 0.05 agree to a few 1e-6. 1e-4 is the bound asked of
     * the import, well above that noise and far below a wrong weight, which moves components by 1e-2 or more.
     */
    private static final float TOLERANCE = 1e-4f;

    private static OrtEnvironment environment;
    private static OrtSession session;
    private static BertModel model;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() throws OrtException {
        BertTesting.useCpu();
        Path folder = MiniLm.folder();
        model = (BertModel) new BertArchitecture(null).load(folder.resolve(MiniLm.ONNX));
        model.eval();
        tokenizer = Tokenizers.load(folder.resolve(MiniLm.TOKENIZER));
        environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        session = environment.createSession(folder.resolve(MiniLm.ONNX).toString(), options);
    }

    @AfterAll
    static void close() throws OrtException {
        session.close();
    }

    @Test
    void theGraphGivesMiniLmsShape() {
        BertConfig c = model.config();
        assertEquals(6, c.layers());
        assertEquals(12, c.heads());
        assertEquals(384, c.width());
        assertEquals(1536, c.ffnWidth());
        assertEquals(512, c.maxPositions());
        assertEquals(30522, c.vocabSize());
        assertEquals(BertConfig.Activation.GELU, c.activation());
        assertEquals(1e-12, c.normEps(), 1e-18);
        // the HF BertModel count of this shape without the pooler the export leaves out (modeling_bert.py shapes)
        long d = 384;
        long ffn = 1536;
        long layer = 4 * (d * d + d) + 2 * d + (d * ffn + ffn) + (ffn * d + d) + 2 * d;
        assertEquals((30522 + 512 + 2) * d + 2 * d + 6 * layer, model.parameterCount());
    }

    @Test
    void embeddingsOfAFewSentencesMatchOnnxRuntime() throws OrtException {
        compare(List.of("A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby.",
                "A man is riding a horse.", "A woman is playing violin.", "Two men pushed carts through the woods.",
                "A man is riding a white horse on an enclosed ground.", "A monkey is playing drums.",
                "Someone in a gorilla costume is playing a set of drums.", "Ünïcödé, punctuation — and UPPER case!"));
    }

    @Test
    void embeddingsOf200CorpusSentencesMatchOnnxRuntimeWithTheSameNeighbours() throws IOException, OrtException {
        List<String> sentences = new ArrayList<>();
        List<String> tatoeba = Files.readAllLines(BertTesting.sharedData("parallel/tatoeba-eng-cmn/cmn.txt"),
                StandardCharsets.UTF_8);
        for (int i = 0; i < 100; i++) { // evenly through a file sorted from short to long
            sentences.add(tatoeba.get(i * (tatoeba.size() - 1) / 99).split("\t")[0]);
        }
        sentences.addAll(brownSentences(BertTesting.sharedData("corpora/brown/texts"), 100));
        assertEquals(200, sentences.size());
        compare(sentences);
    }

    private static void compare(List<String> sentences) throws OrtException {
        List<float[]> ours = new SentenceEmbedder(model, tokenizer, 512, 32).embed(sentences);
        List<float[]> reference = new ArrayList<>();
        for (String s : sentences) {
            reference.add(onnxRuntime(tokenizer.encode(s, true)));
        }
        float worst = 0;
        for (int i = 0; i < sentences.size(); i++) {
            for (int d = 0; d < 384; d++) {
                worst = Math.max(worst, Math.abs(ours.get(i)[d] - reference.get(i)[d]));
            }
        }
        System.out.printf("MiniLM vs ONNX Runtime: largest difference %.3g over %d sentences%n", worst, sentences.size());
        assertTrue(worst <= TOLERANCE, "largest difference " + worst);
        for (int i = 0; i < sentences.size(); i++) {
            int[] expected = neighbours(reference, i);
            int[] actual = neighbours(ours, i);
            assertEquals(expected[0], actual[0], "nearest neighbour of \"" + sentences.get(i) + "\"");
            assertTrue(java.util.Arrays.equals(expected, actual) || nearTie(reference, i, expected, actual),
                    "neighbour ranking of \"" + sentences.get(i) + "\"");
        }
    }

    /** The other sentences by falling cosine similarity (the vectors have unit length). */
    private static int[] neighbours(List<float[]> vectors, int of) {
        return java.util.stream.IntStream.range(0, vectors.size()).filter(j -> j != of).boxed()
                .sorted((a, b) -> Double.compare(dot(vectors.get(of), vectors.get(b)), dot(vectors.get(of), vectors.get(a))))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * Two rankings may swap sentences whose reference similarities differ by less than what the tolerance allows
     * (a dot product of unit vectors moves by at most 2 × 384 × 1e-4 in the worst case; in practice far less): every
     * disagreement must be such a near tie.
     */
    private static boolean nearTie(List<float[]> reference, int of, int[] expected, int[] actual) {
        for (int k = 0; k < expected.length; k++) {
            if (expected[k] != actual[k]) {
                double gap = Math.abs(dot(reference.get(of), reference.get(expected[k]))
                        - dot(reference.get(of), reference.get(actual[k])));
                if (gap > 1e-4) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** ONNX Runtime's last hidden state for one unpadded encoding, mean-pooled and normalised here. */
    private static float[] onnxRuntime(Encoding e) throws OrtException {
        int n = e.length();
        long[][] ids = new long[1][n];
        long[][] mask = new long[1][n];
        long[][] types = new long[1][n];
        for (int i = 0; i < n; i++) {
            ids[0][i] = e.ids()[i];
            mask[0][i] = 1;
            types[0][i] = e.typeIds()[i];
        }
        try (OnnxTensor a = OnnxTensor.createTensor(environment, ids);
             OnnxTensor b = OnnxTensor.createTensor(environment, mask);
             OnnxTensor c = OnnxTensor.createTensor(environment, types);
             OrtSession.Result result = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            float[][] hidden = ((float[][][]) result.get("last_hidden_state").orElseThrow().getValue())[0];
            double[] mean = new double[hidden[0].length];
            for (float[] token : hidden) {
                for (int d = 0; d < mean.length; d++) {
                    mean[d] += token[d] / (double) n;
                }
            }
            double norm = Math.sqrt(java.util.Arrays.stream(mean).map(x -> x * x).sum());
            float[] out = new float[mean.length];
            for (int d = 0; d < mean.length; d++) {
                out[d] = (float) (mean[d] / norm);
            }
            return out;
        }
    }

    /** The first {@code count} sentences of the Brown files in name order, POS tags stripped ({@code word/tag}). */
    private static List<String> brownSentences(Path texts, int count) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(texts)) {
            files = list.sorted().toList();
        }
        for (int f = 0; out.size() < count; f += 7) { // every 7th file: several genres
            for (String line : Files.readAllLines(files.get(f), StandardCharsets.UTF_8)) {
                if (line.isBlank() || out.size() >= count) {
                    continue;
                }
                StringBuilder sentence = new StringBuilder();
                for (String token : line.strip().split("\\s+")) {
                    int slash = token.lastIndexOf('/');
                    sentence.append(sentence.isEmpty() ? "" : " ").append(slash > 0 ? token.substring(0, slash) : token);
                }
                if (sentence.length() > 20 && Math.floorMod(line.hashCode(), 5) == 0) {
                    out.add(sentence.toString());
                }
            }
        }
        return out;
    }
}
