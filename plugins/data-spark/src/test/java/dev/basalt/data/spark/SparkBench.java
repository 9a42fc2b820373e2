package dev.basalt.data.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.data.PackedShards;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.data.pipeline.ByteLevelTokenizer;
import dev.basalt.data.pipeline.LocalDataEngine;
import dev.basalt.data.stage.Stages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of the whole data pipeline (read, every data-stages stage, tokenize, write shards), in process
 * against the spark engine in local mode, on the same {@link MixedCorpus} at several scales, in one JVM. A
 * benchmark, not a test: the command and the numbers are in docs/PERFORMANCE.md. Spark's start and stop (a few
 * seconds) are inside each Spark run, as a user of {@code data.engine = spark} meets them. Both engines must
 * write the same number of documents and tokens, or the run fails.
 *
 * <p>Arguments: the scales (default 1 2 5 10). System properties: {@code basalt.shared.data} (../shared/data),
 * {@code bench.master} ({@code local[*]}).
 */
final class SparkBench {

    private SparkBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] scales = args.length == 0 ? new int[] {1, 2, 5, 10} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        if (System.getProperty("basalt.shared.data") == null) {
            System.setProperty("basalt.shared.data", Path.of("..", "shared", "data").toAbsolutePath().normalize().toString());
        }
        String master = System.getProperty("bench.master", "local[*]");
        System.out.printf("cores %d, master %s, JDK %s%n", Runtime.getRuntime().availableProcessors(), master,
                Runtime.version());
        Path root = Files.createTempDirectory("basalt-spark-bench");
        try {
            System.out.println("warm-up at scale 1: " + measure(root.resolve("warmup"), 1, master));
            System.out.println("| scale | documents | MB | in-process s | docs/s | MB/s | Spark s | docs/s | MB/s | Spark/in-process |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (int scale : scales) {
                System.out.println(measure(root.resolve("x" + scale), scale, master));
            }
        } finally {
            delete(root);
        }
    }

    /** One row of the table: both engines on the corpus at this scale. */
    private static String measure(Path dir, int scale, String master) throws IOException {
        Files.createDirectories(dir);
        MixedCorpus corpus = MixedCorpus.write(dir, scale, 7);
        Config data = corpus.data(MixedCorpus.allStages(MixedCorpus.evalSet(dir)))
                .withValue("master", ConfigValueFactory.fromAnyRef(master));
        double local = seconds(new LocalDataEngine(), data, dir.resolve("local"));
        double spark = seconds(new SparkDataEngine(), data, dir.resolve("spark"));
        ShardManifest a = ShardManifest.read(dir.resolve("local"));
        ShardManifest b = ShardManifest.read(dir.resolve("spark"));
        for (String split : List.of(ShardManifest.TRAIN, ShardManifest.VALIDATION)) {
            if (a.split(split).documents() != b.split(split).documents() || a.split(split).tokens() != b.split(split).tokens()) {
                throw new IllegalStateException("the engines wrote different " + split + " splits at scale " + scale);
            }
        }
        double mb = corpus.bytes / 1e6;
        return String.format("| %d× | %,d | %.1f | %.1f | %,.0f | %.2f | %.1f | %,.0f | %.2f | %.2f |", scale,
                corpus.documents, mb, local, corpus.documents / local, mb / local, spark, corpus.documents / spark,
                mb / spark, local / spark);
    }

    private static double seconds(DataEngine engine, Config data, Path out) {
        var stages = Stages.buildAll(data.getConfigList("stages"));
        long t0 = System.nanoTime();
        engine.prepare(data, stages, new ByteLevelTokenizer(), out, line -> { }).close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (PackedShards shards = PackedShards.open(out)) {
            shards.verifyChecksums();
        }
        return seconds;
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
