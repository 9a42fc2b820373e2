package dev.basalt.bert;

import ai.onnxruntime.OrtException;
import dev.basalt.api.model.SentenceEmbedder;
import dev.basalt.api.tokenizer.Encoding;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    private static OrtMiniLm onnxRuntime;
    private static BertModel model;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() throws OrtException {
        BertTesting.useCpu();
        Path folder = MiniLm.folder();
        model = (BertModel) new BertArchitecture(BertTesting.preset("bert-base")).load(folder.resolve(MiniLm.ONNX));
        model.eval();
        tokenizer = Tokenizers.load(folder.resolve(MiniLm.TOKENIZER));
        onnxRuntime = new OrtMiniLm(folder.resolve(MiniLm.ONNX), 2);
    }

    @AfterAll
    static void close() throws OrtException {
        onnxRuntime.close();
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
    void aLongTextKeepsItsClosingSepWhenCutAsHuggingFaceCutsIt() throws OrtException {
        String text = "The committee met again on Tuesday to discuss the budget. ".repeat(40);
        int[] content = tokenizer.encode(text, false).ids();
        assertTrue(content.length > 126, "the text must be longer than the limit");
        // HF truncation: the text's tokens cut to 128 - 2, then [CLS] ... [SEP] (ids 101 and 102 of the vocabulary)
        int[] ids = new int[128];
        ids[0] = 101;
        System.arraycopy(content, 0, ids, 1, 126);
        ids[127] = 102;
        float[] expected = onnxRuntime.embed(List.of(Encoding.ofIds(ids))).getFirst();
        float[] actual = new SentenceEmbedder(model, tokenizer, 128, 32).embed(List.of(text)).getFirst();
        for (int d = 0; d < 384; d++) {
            assertEquals(expected[d], actual[d], TOLERANCE, "dimension " + d);
        }
    }

    @Test
    void embeddingsOf200CorpusSentencesMatchOnnxRuntimeWithTheSameNeighbours() throws IOException, OrtException {
        Path tatoeba = BertTesting.sharedData("parallel/tatoeba-eng-cmn/cmn.txt");
        List<String> sentences = new ArrayList<>(Sentences.tatoeba(tatoeba, 100));
        sentences.addAll(Sentences.brown(BertTesting.sharedData("corpora/brown/texts"), 100));
        assertEquals(200, sentences.size());
        compare(sentences);
    }

    private static void compare(List<String> sentences) throws OrtException {
        List<float[]> ours = new SentenceEmbedder(model, tokenizer, 512, 32).embed(sentences);
        List<float[]> reference = new ArrayList<>();
        for (String s : sentences) {
            reference.addAll(onnxRuntime.embed(List.of(tokenizer.encode(s, true)))); // one at a time: no padding
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
}
