package dev.basalt.data;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.data.pipeline.ByteLevelTokenizer;
import dev.basalt.data.pipeline.DataPipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark (not a test) of the in-process data pipeline: documents/s and MB/s of {@code basalt data prepare}'s
 * pipeline for each stage alone, for K-means clusters alone and for everything together, against the plain
 * read-and-pack pipeline (sources, byte-level tokenization, shards, no stages) measured in the same process at the
 * same input size and thread count. The input mixes real corpora from shared/data by bytes: 60 % Europarl lines
 * (all of its languages), 30 % Brown files (tags stripped), 10 % tinyshakespeare speeches; scale N takes N times
 * the base size of distinct documents. Arguments: {@code [threads] [scales, e.g. 1,2,5,10] [base MB]}. The command
 * is in docs/PERFORMANCE.md, section "Data pipeline".
 */
public final class DataBench {

    private static final List<String> EUROPARL_LANGUAGES = List.of("english", "german", "french", "spanish", "italian",
            "dutch", "portuguese", "swedish", "danish", "finnish", "greek");

    private DataBench() {
    }

    /** A benchmarked pipeline: its stages, and whether it clusters. */
    record Setup(String name, List<Map<String, Object>> stages, boolean clusters) {
    }

    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<Integer> scales = args.length > 1
                ? List.of(args[1].split(",")).stream().map(Integer::parseInt).toList() : List.of(1, 2, 5, 10);
        double baseMb = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        System.setProperty("basalt.shared.data", System.getProperty("basalt.shared.data", "../shared/data"));
        Path work = Files.createTempDirectory("basalt-data-bench");
        try {
            Path eval = writeEvalSet(work);
            List<Setup> setups = setups(eval);
            int largest = scales.stream().max(Integer::compare).orElseThrow();
            Corpus corpus = Corpus.load((long) (largest * baseMb * 1e6));
            System.out.printf(Locale.ROOT, "threads %d, base %.1f MB, scales %s, %d cores, load average %.2f%n", threads,
                    baseMb, scales, Runtime.getRuntime().availableProcessors(), loadAverage());
            Path warm = corpus.write(work.resolve("warm"), (long) (baseMb * 1e6));
            for (Setup setup : List.of(setups.getFirst(), setups.getLast())) {
                run(setup, warm, work.resolve("out"), threads);
            }
            List<String> rows = new ArrayList<>();
            for (int scale : scales) {
                Path input = corpus.write(work.resolve("x" + scale), (long) (scale * baseMb * 1e6));
                double baseline = 0;
                for (Setup setup : setups) {
                    Result r = run(setup, input, work.resolve("out"), threads);
                    if (baseline == 0) {
                        baseline = r.docsPerSecond();
                    }
                    String row = String.format(Locale.ROOT, "| %d× | %s | %,d | %.1f | %.2f s | %,.0f | %.2f | %.2f |%s", scale,
                            setup.name(), r.documents(), r.megabytes(), r.seconds(), r.docsPerSecond(),
                            r.megabytes() / r.seconds(), r.docsPerSecond() / baseline, r.stageDetail());
                    System.out.println(row);
                    rows.add(row);
                }
            }
            System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n", loadAverage());
            System.out.println("| input | pipeline | documents | MB | wall | docs/s | MB/s | × read-and-pack | stage CPU MB/s (per thread) |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---|");
            rows.forEach(System.out::println);
        } finally {
            delete(work);
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static List<Setup> setups(Path eval) {
        List<Setup> setups = new ArrayList<>();
        setups.add(new Setup("read-and-pack (no stages)", List.of(), false));
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> stage : List.of(stage("clean-html"), stage("normalize"), stage("quality-filter"),
                stage("language-filter", "candidates", EUROPARL_LANGUAGES), stage("dedup-exact"), stage("dedup-minhash"),
                stage("decontaminate", "eval-files", List.of(eval.toString())))) {
            setups.add(new Setup((String) stage.get("type"), List.of(stage), false));
            all.add(stage);
        }
        setups.add(new Setup("clusters (k-means, k = 8)", List.of(), true));
        setups.add(new Setup("all stages + clusters", all, true));
        return setups;
    }

    private static Map<String, Object> stage(String type, Object... keysAndValues) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", type);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            block.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return block;
    }

    record Result(long documents, double megabytes, double seconds, String stageDetail) {
        double docsPerSecond() {
            return documents / seconds;
        }
    }

    private static Result run(Setup setup, Path input, Path out, int threads) {
        delete(out);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sources", List.of(Map.of("path", input.resolve("europarl.txt").toString(), "text-unit", "line"),
                Map.of("path", input.resolve("brown.jsonl").toString()),
                Map.of("path", input.resolve("shakespeare.jsonl").toString())));
        data.put("stages", setup.stages());
        data.put("output-dir", out.toString());
        data.put("progress-seconds", 0);
        data.put("threads", threads);
        if (setup.clusters()) {
            data.put("clusters", Map.of("enabled", true));
        }
        Config config = ConfigValueFactory.fromMap(data).toConfig();
        DataPipeline pipeline = DataPipeline.fromConfig(config, new ByteLevelTokenizer()).withProgress(line -> { });
        long start = System.nanoTime();
        ShardManifest manifest = pipeline.prepare();
        double seconds = (System.nanoTime() - start) / 1e9;
        Config report = manifest.report();
        StringBuilder detail = new StringBuilder();
        for (Config stage : report.getConfigList("stages")) {
            detail.append(String.format(Locale.ROOT, " %s %.2f;", stage.getString("type"),
                    stage.getDouble("mb-in") / Math.max(stage.getDouble("cpu-seconds"), 1e-9)));
        }
        delete(out);
        return new Result(report.getLong("documents-read"), report.getLong("input-bytes") / 1e6, seconds,
                detail.isEmpty() ? " |" : detail + " |");
    }

    /** 300 Shakespeare speeches as an evaluation set, so decontamination has matches to find. */
    private static Path writeEvalSet(Path work) throws IOException {
        List<String> speeches = SharedData.shakespeareSpeeches().stream().filter(s -> s.length() > 300)
                .map(s -> s.replace('\n', ' ')).toList();
        List<String> eval = new ArrayList<>();
        for (int i = 0; i < speeches.size() && eval.size() < 300; i += 7) {
            eval.add(speeches.get(i));
        }
        return Files.write(work.resolve("eval.txt"), eval, StandardCharsets.UTF_8);
    }

    /** The three corpora's documents, enough of each for the largest scale. */
    record Corpus(List<String> europarl, List<String> brown, List<String> shakespeare) {

        static Corpus load(long largestBytes) {
            List<String> europarl = SharedData.europarlBodies(Integer.MAX_VALUE);
            List<String> brown = SharedData.brownDocuments(500);
            List<String> shakespeare = SharedData.shakespeareSpeeches();
            Corpus corpus = new Corpus(europarl, brown, shakespeare);
            for (List<String> pool : List.of(europarl, brown, shakespeare)) {
                long have = pool.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
                long need = (long) (largestBytes * corpus.share(pool));
                if (have < need) {
                    throw new IllegalArgumentException("the corpora hold " + have + " bytes of a source, the largest "
                            + "scale needs " + need + "; lower the scales or the base size");
                }
            }
            return corpus;
        }

        double share(List<String> pool) {
            return pool == europarl ? 0.6 : pool == brown ? 0.3 : 0.1;
        }

        /** Writes the first documents of each pool up to its share of {@code bytes}. */
        Path write(Path folder, long bytes) throws IOException {
            Files.createDirectories(folder);
            Files.write(folder.resolve("europarl.txt"), take(europarl, (long) (0.6 * bytes)), StandardCharsets.UTF_8);
            Files.write(folder.resolve("brown.jsonl"), jsonl(take(brown, (long) (0.3 * bytes))), StandardCharsets.UTF_8);
            Files.write(folder.resolve("shakespeare.jsonl"), jsonl(take(shakespeare, (long) (0.1 * bytes))),
                    StandardCharsets.UTF_8);
            return folder;
        }

        private static List<String> take(List<String> pool, long bytes) {
            List<String> taken = new ArrayList<>();
            long size = 0;
            for (int i = 0; i < pool.size() && size < bytes; i++) {
                taken.add(pool.get(i));
                size += pool.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
            }
            return taken;
        }

        private static List<String> jsonl(List<String> texts) {
            return texts.stream().map(t -> "{\"text\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(t))
                    + "\"}").toList();
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
