package dev.basalt.data.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;

import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline's own settings from the {@code data} block, over the defaults in {@code basalt.data-engine.local}.
 *
 * @param outputDir          where shards and the manifest go
 * @param shardTokens        tokens after which a shard is closed at the next document boundary
 * @param validationFraction share of documents held out, chosen by a hash of the document id
 * @param threads            workers for thread-safe stages and tokenization
 * @param batchDocuments     documents per batch
 * @param queueBatches       batches read ahead of processing
 * @param eosToken           token string of the id written after each document
 * @param progressSeconds    seconds between progress lines, 0 for none
 * @param seed               seed of the split and of fractional source weights
 */
public record PipelineSettings(Path outputDir, long shardTokens, double validationFraction, int threads,
                               int batchDocuments, int queueBatches, String eosToken, int progressSeconds, long seed) {

    static final String DEFAULTS_PATH = "basalt.data-engine.local";
    /** Keys that change how the run goes but not what it writes; they stay out of the config hash. */
    static final List<String> NOT_HASHED = List.of("output-dir", "threads", "batch-documents", "queue-batches",
            "progress-seconds");

    /** The settings of a {@code data} block. */
    public static PipelineSettings fromConfig(Config data) {
        Config config = data.withFallback(defaults());
        try {
            double validation = config.getDouble("validation-fraction");
            if (!(validation >= 0 && validation < 1)) {
                throw new BasaltException("data.validation-fraction = " + validation + " must be in [0, 1).");
            }
            long shardTokens = config.getLong("shard-tokens");
            if (shardTokens < 1) {
                throw new BasaltException("data.shard-tokens = " + shardTokens + " must be at least 1.");
            }
            int threads = config.getInt("threads");
            if (threads < 0) {
                throw new BasaltException("data.threads = " + threads + " must be 0 (one per core) or more.");
            }
            int batch = config.getInt("batch-documents");
            int queue = config.getInt("queue-batches");
            if (batch < 1 || queue < 1) {
                throw new BasaltException("data.batch-documents and data.queue-batches must be at least 1.");
            }
            return new PipelineSettings(Path.of(config.getString("output-dir")), shardTokens, validation,
                    threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, batch, queue,
                    config.getString("eos-token"), config.getInt("progress-seconds"), config.getLong("seed"));
        } catch (ConfigException e) {
            throw new BasaltException("data: " + e.getMessage(), e);
        }
    }

    static Config defaults() {
        return ConfigFactory.defaultReference(PipelineSettings.class.getClassLoader()).getConfig(DEFAULTS_PATH);
    }
}
