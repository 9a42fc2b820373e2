package dev.basalt.data;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.PackedShards;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.data.TokenSplit;
import dev.basalt.data.cluster.TopicModel;
import dev.basalt.data.pipeline.ByteLevelTokenizer;
import dev.basalt.data.pipeline.DataPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code data.clusters} through the whole pipeline: the manifest's clusters and per-cluster mixture weights. */
class ClusterMixtureTest {

    private static final int PER_SOURCE = 400;

    @TempDir
    Path dir;

    /** Three sources that share little vocabulary, as JSONL; returns each text's source. */
    private Map<String, Integer> writeSources() throws IOException {
        List<List<String>> groups = List.of(SharedData.englishEuroparl(PER_SOURCE),
                SharedData.shakespeareSpeeches().stream().filter(s -> s.length() > 200).limit(PER_SOURCE).toList(),
                SharedData.songCi(PER_SOURCE));
        Map<String, Integer> sourceOf = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            List<String> lines = new ArrayList<>();
            for (String text : groups.get(g)) {
                lines.add("{\"text\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"}");
                sourceOf.put(text, g);
            }
            Files.write(dir.resolve("source-" + g + ".jsonl"), lines, StandardCharsets.UTF_8);
        }
        return sourceOf;
    }

    private Config data(String out, Map<String, Object> clusters) {
        List<Object> sources = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            sources.add(Map.of("path", dir.resolve("source-" + g + ".jsonl").toString()));
        }
        return ShardRoundTripTest.dataConfig(dir.resolve(out), sources, List.of(),
                Map.of("validation-fraction", 0.1, "threads", 2, "clusters", clusters));
    }

    /** The train split's texts, once per copy. */
    private static List<String> trainTexts(Path folder) {
        List<String> texts = new ArrayList<>();
        try (PackedShards shards = PackedShards.open(folder)) {
            TokenSplit train = shards.train();
            for (long d = 0; d < train.documents(); d++) {
                int[] ids = train.document(d);
                byte[] bytes = new byte[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    bytes[i] = (byte) ids[i];
                }
                texts.add(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    private static long[] perCluster(TopicModel model, List<String> texts) {
        long[] counts = new long[model.clusters()];
        texts.forEach(text -> counts[model.assign(text)]++);
        return counts;
    }

    @Test
    void clustersAreReportedAndWeightsScaleTheirTrainingCounts() throws IOException {
        Map<String, Integer> sourceOf = writeSources();
        Map<String, Object> clusters = Map.of("enabled", true, "k", 3, "fit-documents", 600);
        DataPipeline plain = DataPipeline.fromConfig(data("plain", clusters), new ByteLevelTokenizer());
        ShardManifest manifest = plain.withProgress(line -> { }).prepare();
        TopicModel model = plain.topicModel().orElseThrow();

        Config report = manifest.report().getConfig("clusters");
        assertEquals(3, report.getInt("k"));
        assertEquals(600, report.getInt("fit-documents"));
        List<? extends Config> entries = report.getConfigList("clusters");
        assertEquals(3, entries.size());
        long assigned = 0;
        for (Config entry : entries) {
            assigned += entry.getLong("documents");
            assertFalse(entry.getStringList("top-terms").isEmpty(), "top terms of cluster " + entry.getInt("cluster"));
        }
        assertEquals(3L * PER_SOURCE, assigned, "every document is assigned to one cluster");

        List<String> plainTrain = trainTexts(dir.resolve("plain"));
        long[] before = perCluster(model, plainTrain);
        for (int c = 0; c < 3; c++) {
            assertEquals(before[c], entries.get(c).getLong("train-documents-written"),
                    "the manifest counts what the shards hold, cluster " + c);
        }
        int[][] bySource = new int[3][3];
        plainTrain.forEach(text -> bySource[model.assign(text)][sourceOf.get(text)]++);
        int majority = 0;
        for (int[] cluster : bySource) {
            majority += java.util.Arrays.stream(cluster).max().orElseThrow();
        }
        // the bound of TopicClustersTest.threeUnrelatedCorporaFallIntoThreeClusters, for the default seed
        assertTrue(majority >= 0.99 * plainTrain.size(), "purity against the sources: " + java.util.Arrays.deepToString(bySource));

        double[] weights = {2.0, 0.3, 1.5};
        Map<String, Object> weighted = new HashMap<>(clusters);
        weighted.put("weights", List.of(weights[0], weights[1], weights[2]));
        DataPipeline mixed = DataPipeline.fromConfig(data("weighted", weighted), new ByteLevelTokenizer());
        ShardManifest mixedManifest = mixed.withProgress(line -> { }).prepare();
        TopicModel same = mixed.topicModel().orElseThrow();
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(model.centroid(c), same.centroid(c), "same seed and input, same clusters");
        }
        assertEquals(manifest.split(ShardManifest.VALIDATION).documents(),
                mixedManifest.split(ShardManifest.VALIDATION).documents(), "weights apply to the training split only");

        long[] after = perCluster(model, trainTexts(dir.resolve("weighted")));
        for (int c = 0; c < 3; c++) {
            long n = before[c];
            double whole = Math.floor(weights[c]);
            double fraction = weights[c] - whole;
            // Each document is written floor(w) times plus once more with probability frac(w), drawn from a hash
            // of its id: the count is n * floor(w) + Binomial(n, frac(w)). Five standard deviations of the
            // binomial leave a chance below 1e-6 of a false failure.
            double sd = Math.sqrt(n * fraction * (1 - fraction));
            assertTrue(after[c] >= whole * n && after[c] <= Math.ceil(weights[c]) * n, "cluster " + c);
            assertEquals(weights[c] * n, after[c], 5 * sd + 1e-9,
                    "cluster " + c + " with weight " + weights[c] + ": " + n + " documents became " + after[c]);
        }
    }

    @Test
    void switchedOffClustersDoNotChangeTheConfigurationHash() throws IOException {
        writeSources();
        List<String> progress = new ArrayList<>();
        DataPipeline.fromConfig(data("shards", Map.of()), new ByteLevelTokenizer()).withProgress(progress::add).prepare();
        DataPipeline.fromConfig(data("shards", Map.of("enabled", false, "k", 5)), new ByteLevelTokenizer())
                .withProgress(progress::add).prepare();
        assertTrue(progress.getLast().contains("already holds the shards of this configuration"), progress.getLast());
        BasaltException enabled = assertThrows(BasaltException.class, () -> DataPipeline.fromConfig(
                data("shards", Map.of("enabled", true, "k", 5)), new ByteLevelTokenizer()).withProgress(line -> { })
                .prepare());
        assertTrue(enabled.getMessage().contains("different data configuration"), enabled.getMessage());
    }

    @Test
    void badClusterSettingsStopThePipelineWithOneMessage() throws IOException {
        writeSources();
        BasaltException zero = assertThrows(BasaltException.class, () -> DataPipeline.fromConfig(
                data("bad", Map.of("enabled", true, "k", 0)), new ByteLevelTokenizer()));
        assertEquals("data.clusters.k = 0 must be at least 1.", zero.getMessage());
        BasaltException unknown = assertThrows(BasaltException.class, () -> DataPipeline.fromConfig(
                data("bad", Map.of("enabled", true, "clusters", 4)), new ByteLevelTokenizer()));
        assertTrue(unknown.getMessage().startsWith("data.clusters has no setting \"clusters\""), unknown.getMessage());
    }
}
