package dev.basalt.data.spark;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.data.pipeline.DataPipeline;
import dev.basalt.data.pipeline.LocalDataEngine;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code spark} data engine: the same stages as {@code local}, run on Apache Spark. The driver (this process)
 * reads the sources, Spark runs the stages, and the driver splits, tokenizes and writes the survivors with the
 * in-process pipeline's shard writer, so the shards and manifest are the same format, and the same bytes for the
 * same survivors.
 */
public final class SparkDataEngine implements DataEngine {

    private static final List<String> OPENED = List.of("sun.nio.ch", "java.nio", "java.lang", "java.util", "java.lang.invoke");

    /**
     * The texts a tokenizer is trained on: a prefix of the corpus, small next to it, so they are cleaned in process
     * (the same stages keep the same documents either way).
     */
    @Override
    public Iterable<String> texts(Config data, List<DataStage> stages, long maxBytes) {
        return new LocalDataEngine().texts(data, stages, maxBytes);
    }

    @Override
    public Iterable<String> texts(Config data, List<DataStage> stages, long maxBytes, Consumer<String> badRecords) {
        return new LocalDataEngine().texts(data, stages, maxBytes, badRecords);
    }

    @Override
    public PreparedCorpus prepare(Config data, List<DataStage> stages, Tokenizer tokenizer, Path folder,
                                  Consumer<String> progress) {
        requireOpenPackages();
        SparkSettings settings = SparkSettings.fromConfig(data);
        List<? extends Config> blocks = data.hasPath("stages") ? data.getConfigList("stages") : List.of();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Spark loads task classes through the context class loader: in a plugin folder that must be the plugin's.
        thread.setContextClassLoader(SparkDataEngine.class.getClassLoader());
        SparkLogging.quiet(settings.logLevel());
        try (JavaSparkContext spark = new JavaSparkContext(conf(settings));
             StageHandle handle = new StageHandle(stages, blocks)) {
            progress.accept("[data] Spark " + spark.version() + " at " + settings.master() + ", "
                    + spark.defaultParallelism() + " cores");
            new DataPipeline(SparkSettings.withoutSparkKeys(data), stages, tokenizer)
                    .withOutputDir(folder)
                    .withProgress(progress)
                    .withCorpusStageRunner(new SparkStageRunner(spark, handle, settings.partitions()))
                    .prepare();
        } finally {
            thread.setContextClassLoader(previous);
        }
        return LocalDataEngine.open(folder);
    }

    /**
     * Spark reaches into these JDK packages (its own launcher always opens them): without them a run can fail
     * late, when it first spills or frees a memory-mapped block.
     */
    private static void requireOpenPackages() {
        Module base = Object.class.getModule();
        List<String> closed = OPENED.stream().filter(p -> !base.isOpen(p, SparkDataEngine.class.getModule())).toList();
        if (!closed.isEmpty()) {
            throw new BasaltException("data.engine = spark needs the JVM options " + String.join(" ",
                    OPENED.stream().map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList())
                    + " (with ./basalt: in BASALT_OPTS); " + closed + " are not open.");
        }
    }

    /** Spark's settings: ours over any {@code spark.*} system properties (e.g. {@code -Dspark.jars=...}). */
    private static SparkConf conf(SparkSettings settings) {
        SparkConf conf = new SparkConf()
                .setMaster(settings.master())
                .setAppName(settings.appName())
                .set("spark.ui.enabled", Boolean.toString(settings.ui()))
                .set("spark.log.level", settings.logLevel());
        if (settings.master().startsWith("local")) {
            // Embedded: the driver's ports stay on this machine.
            conf.setIfMissing("spark.driver.host", "localhost").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }
}
