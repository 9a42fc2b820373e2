package dev.basalt.data.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.PackedShards;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.data.TokenSplit;
import dev.basalt.data.pipeline.ByteLevelTokenizer;
import dev.basalt.data.pipeline.LocalDataEngine;
import dev.basalt.data.stage.Stages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spark engine in local mode against the in-process engine, on real text with planted exact and near copies
 * and every data-stages stage: the same surviving documents, the same manifest counts, the same shards.
 */
class SparkLocalAgreementTest {

    @TempDir
    Path dir;

    /** One engine's run: its survivors (id to final text) and its manifest. */
    private record Outcome(Map<String, String> survivors, ShardManifest manifest, int[] train, int[] validation) {
    }

    private Outcome run(DataEngine engine, Config data, String name) {
        List<DataStage> stages = new ArrayList<>(Stages.buildAll(data.getConfigList("stages")));
        SurvivorIds survivors = new SurvivorIds();
        stages.add(survivors);
        Path out = dir.resolve(name);
        engine.prepare(data, stages, new ByteLevelTokenizer(), out, line -> { }).close();
        try (PackedShards shards = PackedShards.open(out)) {
            return new Outcome(Map.copyOf(survivors.texts), shards.manifest(), tokens(shards.train()),
                    tokens(shards.validation()));
        }
    }

    private static int[] tokens(TokenSplit split) {
        int[] all = new int[Math.toIntExact(split.length())];
        split.read(0, all, 0, all.length);
        return all;
    }

    @Test
    void sparkKeepsTheSameDocumentsAndWritesTheSameShards() throws Exception {
        MixedCorpus corpus = MixedCorpus.write(dir, 1, 7);
        Config data = corpus.data(MixedCorpus.allStages(MixedCorpus.evalSet(dir)))
                .withValue("validation-fraction", ConfigValueFactory.fromAnyRef(0.05))
                .withValue("master", ConfigValueFactory.fromAnyRef("local[2]"))
                // More partitions than cores: copies and their originals land in different partitions.
                .withValue("partitions", ConfigValueFactory.fromAnyRef(7));

        Outcome local = run(new LocalDataEngine(), data, "local");
        Outcome spark = run(new SparkDataEngine(), data, "spark");

        assertEquals(local.survivors().keySet(), spark.survivors().keySet());
        assertEquals(local.survivors(), spark.survivors());
        assertArrayEquals(local.train(), spark.train());
        assertArrayEquals(local.validation(), spark.validation());
        for (String split : List.of(ShardManifest.TRAIN, ShardManifest.VALIDATION)) {
            assertEquals(local.manifest().split(split).documents(), spark.manifest().split(split).documents(), split);
            assertEquals(local.manifest().split(split).tokens(), spark.manifest().split(split).tokens(), split);
        }
        assertEquals(counts(local.manifest()), counts(spark.manifest()));
        assertEquals(local.manifest().report().getValue("sources"), spark.manifest().report().getValue("sources"));
        // The decontaminator lists its removals in the order its threads met them, in either engine.
        Config localDetails = local.manifest().report().getConfig("stage-details.\"6-DecontaminateStage\"");
        Config sparkDetails = spark.manifest().report().getConfig("stage-details.\"6-DecontaminateStage\"");
        assertEquals(localDetails.withoutPath("examples"), sparkDetails.withoutPath("examples"));
        assertEquals(Set.copyOf(localDetails.getList("examples").unwrapped()),
                Set.copyOf(sparkDetails.getList("examples").unwrapped()));

        // Independently of both engines: no two survivors are copies under dedup-exact's folding, and each
        // deduplicator and the decontaminator removed something, so the comparison above was not vacuous.
        Set<String> folded = new HashSet<>();
        for (String text : spark.survivors().values()) {
            String key = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                    .replaceAll("\\s+", " ").strip();
            assertTrue(folded.add(key), "two survivors are exact copies: " + key);
        }
        List<? extends Config> stages = spark.manifest().report().getConfigList("stages");
        for (int s : new int[] {2, 3, 4, 5, 6}) {
            Config stage = stages.get(s);
            assertTrue(stage.getLong("kept") < stage.getLong("in"), stage.getString("type") + " removed nothing");
        }
        assertTrue(spark.survivors().size() > corpus.documents / 2,
                spark.survivors().size() + " of " + corpus.documents + " survived: " + counts(spark.manifest()));
    }

    /** Per stage: documents in, kept and removed by reason, without the timings. */
    private static List<Object> counts(ShardManifest manifest) {
        List<Object> counts = new ArrayList<>();
        for (Config stage : manifest.report().getConfigList("stages")) {
            counts.add(List.of(stage.getString("type"), stage.getLong("in"), stage.getLong("kept"),
                    stage.getConfig("removed").root().unwrapped(), stage.getDouble("mb-in")));
        }
        counts.add(manifest.report().getLong("documents-read"));
        return counts;
    }
}
