package dev.basalt.runtime.data;

import com.typesafe.config.Config;
import dev.basalt.api.data.PackedShards;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.data.TokenSplit;
import dev.basalt.api.tokenizer.Tokenizer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Runs {@code basalt data inspect SHARDS}: prints the manifest's counts, per-stage removals, topic clusters (size,
 * weight, top terms) when the run had {@code data.clusters}, document length statistics per split, and a few decoded
 * sample documents.
 */
public final class ShardInspector {

    private ShardInspector() {
    }

    private static void printClusters(Config clusters, PrintWriter out) {
        out.printf("  clusters: k-means, k = %d, %d hashed TF-IDF features, fitted on %,d documents (seed %d)%n",
                clusters.getInt("k"), clusters.getInt("features"), clusters.getInt("fit-documents"),
                clusters.getLong("seed"));
        for (Config cluster : clusters.getConfigList("clusters")) {
            out.printf("  cluster %-3d %,10d documents, weight %s, %,d train copies written  top terms: %s%n",
                    cluster.getInt("cluster"), cluster.getLong("documents"), cluster.getDouble("weight"),
                    cluster.getLong("train-documents-written"), String.join(" ", cluster.getStringList("top-terms")));
        }
    }

    /**
     * @param folder    a folder of packed shards and their manifest (what {@code basalt data prepare} writes)
     * @param tokenizer decodes samples; null prints ids instead
     * @param tokenizerFile where {@code tokenizer} was loaded from, shown to the user; null when there is none
     * @param samples   sample documents to print per split
     * @param verify    also check every shard's CRC-32
     * @param out       where to print
     */
    public static void inspect(Path folder, Tokenizer tokenizer, Path tokenizerFile, int samples, boolean verify,
                               PrintWriter out) {
        try (PackedShards shards = PackedShards.open(folder)) {
            ShardManifest manifest = shards.manifest();
            if (verify) {
                shards.verifyChecksums();
            }
            out.printf("%s: format %d, tokenizer %s, vocabulary %,d, EOS %d, %s ids, config %s%n", folder,
                    manifest.formatVersion(), tokenizerFile != null ? tokenizerFile : "unknown (no tokenizer.json beside the shards)",
                    manifest.vocabSize(), manifest.eosId(),
                    manifest.width(), manifest.configHash().substring(0, 12));
            if (verify) {
                out.println("checksums: all shards match");
            }
            Config report = manifest.report();
            if (report.hasPath("stages")) {
                for (Config stage : report.getConfigList("stages")) {
                    out.printf("  stage %-16s %,10d in %,10d kept  removed %s%n", stage.getString("type"),
                            stage.getLong("in"), stage.getLong("kept"), stage.getObject("removed").unwrapped());
                }
            }
            if (report.hasPath("clusters")) {
                printClusters(report.getConfig("clusters"), out);
            }
            if (report.hasPath("bad-records.count")) {
                out.printf("  bad records: %,d%n", report.getLong("bad-records.count"));
            }
            Random random = new Random(0);
            for (String name : List.of(ShardManifest.TRAIN, ShardManifest.VALIDATION)) {
                TokenSplit split = shards.split(name);
                out.printf("%s: %,d documents, %,d tokens, %d shards%n", name, split.documents(), split.tokens(),
                        manifest.split(name).shards().size());
                if (split.documents() == 0) {
                    continue;
                }
                long min = Long.MAX_VALUE;
                long max = 0;
                for (long d = 0; d < split.documents(); d++) {
                    long length = split.documentEnd(d) - split.documentStart(d) - 1;
                    min = Math.min(min, length);
                    max = Math.max(max, length);
                }
                out.printf("  tokens per document: mean %.1f, min %d, max %d%n",
                        (double) (split.tokens() - split.documents()) / split.documents(), min, max);
                for (int s = 0; s < Math.min(samples, split.documents()); s++) {
                    long d = (long) (random.nextDouble() * split.documents());
                    int[] ids = split.document(d);
                    String text = tokenizer != null ? tokenizer.decode(ids, false)
                            : java.util.Arrays.toString(java.util.Arrays.copyOf(ids, Math.min(ids.length, 64)));
                    if (text.length() > 400) {
                        text = text.substring(0, 400) + " …";
                    }
                    out.printf("  --- document %d (%d tokens)%n  %s%n", d, ids.length, text.replace("\n", "\n  "));
                }
            }
        }
    }
}
