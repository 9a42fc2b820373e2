package dev.basalt.bert;

import ai.onnxruntime.OrtException;
import dev.basalt.api.model.SentenceEmbedder;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tokenizer.Encoding;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.backend.cpu.CpuBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test) of all-MiniLM-L6-v2 sentence embeddings: Basalt's import of the ONNX file on the cpu
 * backend against ONNX Runtime running that file, in the same process with the same thread count. Both sides
 * tokenize with our tokenizer inside the timed region and pool the same way. Measures throughput at batch 32 over
 * 256 corpus sentences (Tatoeba and Brown from the shared data, else a built-in set) and the latency of one sentence,
 * each timed both with the two sides' calls interleaved and in blocks of one side's calls.
 * Arguments: {@code [threads]}. The command and numbers are in docs/PERFORMANCE.md, section "MiniLM embeddings".
 * <p>
 * {@code ./bench bert mlm [threads] [batch] [length] [layers] [warmup] [reps]} runs {@link BertMlmTrainingBench}
 * instead: a BERT-base MLM training step against PyTorch through DJL (section "BERT-base MLM training step").
 */
public final class BertBench {

    private static final int BATCH = 32;

    private BertBench() {
    }

    public static void main(String[] args) throws IOException, OrtException {
        if (args.length > 0 && args[0].equals("mlm")) {
            BertMlmTrainingBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Backends.setDefault(CpuBackend.create(threads));
        Path folder = MiniLm.folder();
        BertModel model = OnnxBertImport.load(folder.resolve(MiniLm.ONNX));
        model.eval();
        Tokenizer tokenizer = Tokenizers.load(folder.resolve(MiniLm.TOKENIZER));
        List<String> sentences = sentences();
        SentenceEmbedder embedder = new SentenceEmbedder(model, tokenizer, 512, BATCH);
        try (OrtMiniLm ort = new OrtMiniLm(folder.resolve(MiniLm.ONNX), threads)) {
            int tokens = sentences.stream().mapToInt(s -> tokenizer.encode(s, true).length()).sum();
            System.out.printf(Locale.ROOT, "threads %d; %d sentences, %d tokens (%.1f per sentence)%n", threads,
                    sentences.size(), tokens, tokens / (double) sentences.size());
            float worst = 0;
            List<float[]> ours = embedder.embed(sentences);
            List<float[]> theirs = ort(ort, tokenizer, sentences);
            for (int i = 0; i < ours.size(); i++) {
                for (int d = 0; d < ours.get(i).length; d++) {
                    worst = Math.max(worst, Math.abs(ours.get(i)[d] - theirs.get(i)[d]));
                }
            }
            System.out.printf(Locale.ROOT, "largest difference between the two: %.2g%n", worst);
            Runnable basaltBatch = () -> embedder.embed(sentences);
            Runnable ortBatch = () -> ort(ort, tokenizer, sentences);
            Timings batch = Timings.of(basaltBatch, ortBatch, 5);
            System.out.printf(Locale.ROOT, "batch %d throughput, sentences/s (medians of %d): interleaved basalt %.1f,"
                    + " onnxruntime %.1f, basalt/onnxruntime %.2f; in blocks basalt %.1f, onnxruntime %.1f,"
                    + " basalt/onnxruntime %.2f%n", BATCH, batch.reps(),
                    sentences.size() / batch.basaltInterleaved(), sentences.size() / batch.ortInterleaved(),
                    batch.ortInterleaved() / batch.basaltInterleaved(), sentences.size() / batch.basaltBlock(),
                    sentences.size() / batch.ortBlock(), batch.ortBlock() / batch.basaltBlock());
            List<String> one = List.of("A man is playing a guitar on the stage.");
            Runnable basaltOne = () -> embedder.embed(one);
            Runnable ortOne = () -> ort(ort, tokenizer, one);
            for (int i = 0; i < 10; i++) {
                basaltOne.run();
                ortOne.run();
            }
            Timings single = Timings.of(basaltOne, ortOne, 50);
            System.out.printf(Locale.ROOT, "one sentence (%d tokens), ms (medians of %d): interleaved basalt %.2f,"
                            + " onnxruntime %.2f, latency ratio basalt/onnxruntime %.2f; in blocks basalt %.2f,"
                            + " onnxruntime %.2f, latency ratio %.2f%n", tokenizer.encode(one.getFirst(), true).length(),
                    single.reps(), 1e3 * single.basaltInterleaved(), 1e3 * single.ortInterleaved(),
                    single.basaltInterleaved() / single.ortInterleaved(), 1e3 * single.basaltBlock(),
                    1e3 * single.ortBlock(), single.basaltBlock() / single.ortBlock());
        }
    }

    /**
     * Median seconds of each side, timed two ways: call by call in turn (each call finds the caches as the other side
     * left them) and in blocks of {@code reps} calls of one side (each side finds its own weights in cache).
     */
    private record Timings(double basaltInterleaved, double ortInterleaved, double basaltBlock, double ortBlock,
                           int reps) {

        static Timings of(Runnable basalt, Runnable ort, int reps) {
            double[] basaltTurns = new double[reps];
            double[] ortTurns = new double[reps];
            for (int rep = 0; rep < reps; rep++) {
                basaltTurns[rep] = seconds(basalt);
                ortTurns[rep] = seconds(ort);
            }
            double basaltBlock = medianOfBlock(basalt, reps);
            double ortBlock = medianOfBlock(ort, reps);
            return new Timings(median(basaltTurns), median(ortTurns), basaltBlock, ortBlock, reps);
        }

        private static double medianOfBlock(Runnable work, int reps) {
            double[] seconds = new double[reps];
            for (int rep = 0; rep < reps; rep++) {
                seconds[rep] = seconds(work);
            }
            return median(seconds);
        }
    }

    private static List<float[]> ort(OrtMiniLm ort, Tokenizer tokenizer, List<String> sentences) {
        List<float[]> out = new ArrayList<>();
        try {
            for (int start = 0; start < sentences.size(); start += BATCH) {
                List<Encoding> batch = new ArrayList<>();
                for (String s : sentences.subList(start, Math.min(sentences.size(), start + BATCH))) {
                    batch.add(tokenizer.encode(s, true));
                }
                out.addAll(ort.embed(batch));
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static List<String> sentences() throws IOException {
        Path shared = Path.of(System.getProperty("basalt.shared.data", "../shared/data"));
        Path cmn = shared.resolve("parallel/tatoeba-eng-cmn/cmn.txt");
        Path brown = shared.resolve("corpora/brown/texts");
        if (Files.exists(cmn) && Files.exists(brown)) {
            List<String> out = new ArrayList<>(Sentences.tatoeba(cmn, 128));
            out.addAll(Sentences.brown(brown, 128));
            return out;
        }
        System.out.println("shared data absent at " + shared + ": using 256 built-in sentences");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            out.add("Sentence number " + i + " is about " + (i % 2 == 0 ? "cats that sleep on warm windowsills."
                    : "the weather, which changed twice before noon and again in the evening."));
        }
        return out;
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
