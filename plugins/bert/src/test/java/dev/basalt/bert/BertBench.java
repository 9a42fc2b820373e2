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
 * 256 corpus sentences (Tatoeba and Brown from the shared data, else a built-in set) and the latency of one sentence.
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
            double[] basalt = new double[5];
            double[] onnx = new double[5];
            for (int rep = 0; rep < basalt.length; rep++) {
                basalt[rep] = seconds(() -> embedder.embed(sentences));
                onnx[rep] = seconds(() -> ort(ort, tokenizer, sentences));
            }
            double b = median(basalt);
            double o = median(onnx);
            System.out.printf(Locale.ROOT, "batch %d throughput: basalt %.1f sentences/s, onnxruntime %.1f sentences/s,"
                    + " basalt/onnxruntime %.2f (medians of %d)%n", BATCH, sentences.size() / b, sentences.size() / o,
                    o / b, basalt.length);
            List<String> one = List.of("A man is playing a guitar on the stage.");
            for (int i = 0; i < 10; i++) {
                embedder.embed(one);
                ort(ort, tokenizer, one);
            }
            double[] basaltOne = new double[50];
            double[] onnxOne = new double[50];
            for (int rep = 0; rep < basaltOne.length; rep++) {
                basaltOne[rep] = seconds(() -> embedder.embed(one));
                onnxOne[rep] = seconds(() -> ort(ort, tokenizer, one));
            }
            System.out.printf(Locale.ROOT, "one sentence (%d tokens): basalt %.2f ms, onnxruntime %.2f ms, latency ratio"
                            + " basalt/onnxruntime %.2f (medians of %d)%n", tokenizer.encode(one.getFirst(), true).length(),
                    1e3 * median(basaltOne), 1e3 * median(onnxOne), median(basaltOne) / median(onnxOne), basaltOne.length);
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
