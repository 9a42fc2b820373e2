package dev.basalt.data;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.PackedShards;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.data.pipeline.ByteLevelTokenizer;
import dev.basalt.data.pipeline.DataPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrashRestartTest {

    @TempDir
    Path dir;

    /** The byte tokenizer, failing like a killed process after a number of documents. */
    static final class FailingTokenizer implements Tokenizer {
        private final ByteLevelTokenizer bytes = new ByteLevelTokenizer();
        private final AtomicInteger left;

        FailingTokenizer(int documents) {
            this.left = new AtomicInteger(documents);
        }

        @Override
        public int[] encode(String text) {
            if (left.decrementAndGet() < 0) {
                throw new IllegalStateException("simulated crash");
            }
            return bytes.encode(text);
        }

        @Override
        public String decode(int[] ids, boolean skipSpecialTokens) {
            return bytes.decode(ids, skipSpecialTokens);
        }

        @Override
        public int vocabSize() {
            return bytes.vocabSize();
        }

        @Override
        public OptionalInt tokenId(String token) {
            return bytes.tokenId(token);
        }

        @Override
        public void save(Path file) throws IOException {
            bytes.save(file);
        }
    }

    private Config config(Path out) {
        return config(out, Map.of());
    }

    private Config config(Path out, Map<String, Object> clusters) {
        Path input = SharedData.file("tinyshakespeare/input.txt");
        return ShardRoundTripTest.dataConfig(out,
                List.of(Map.of("path", input.toString(), "text-unit", "paragraph")),
                List.of(Map.of("type", "normalize"), Map.of("type", "dedup-exact")),
                Map.of("shard-tokens", 40_000, "validation-fraction", 0.05, "batch-documents", 64, "threads", 2,
                        "clusters", clusters));
    }

    @Test
    void aCrashedRunResumesWithoutRewritingFinishedShardsAndMatchesACleanRun() throws IOException {
        crashResumeAndCompare(Map.of());
    }

    @Test
    void aCrashedRunWithClusterWeightsResumesToTheSameShards() throws IOException {
        // fractional weights make the copies depend on each document's cluster: the resumed run must refit the
        // same clusters to skip exactly what the crashed run wrote
        crashResumeAndCompare(Map.of("enabled", true, "k", 4, "features", 1024, "fit-documents", 500,
                "weights", List.of(2.0, 0.5, 1.5, 0.7)));
    }

    private void crashResumeAndCompare(Map<String, Object> clusters) throws IOException {
        Path out = dir.resolve("crashed");
        assertThrows(IllegalStateException.class,
                () -> DataPipeline.fromConfig(config(out, clusters), new FailingTokenizer(3000)).prepare());

        assertFalse(Files.exists(out.resolve(ShardManifest.FILE_NAME)), "no manifest after a crash");
        BasaltException unreadable = assertThrows(BasaltException.class, () -> PackedShards.open(out));
        assertTrue(unreadable.getMessage().contains("has not finished"), unreadable.getMessage());
        List<Path> markers = list(out, ".done");
        assertFalse(markers.isEmpty(), "some shards finished before the crash");
        Map<Path, FileTime> finished = new HashMap<>();
        Map<Path, byte[]> contents = new HashMap<>();
        for (Path marker : markers) {
            Path bin = out.resolve(marker.getFileName().toString().replace(".done", ".bin"));
            finished.put(bin, Files.getLastModifiedTime(bin));
            contents.put(bin, Files.readAllBytes(bin));
        }

        ShardManifest resumed = DataPipeline.fromConfig(config(out, clusters), new FailingTokenizer(Integer.MAX_VALUE))
                .prepare();
        for (var entry : finished.entrySet()) {
            assertEquals(entry.getValue(), Files.getLastModifiedTime(entry.getKey()), entry.getKey() + " was rewritten");
            assertArrayEquals(contents.get(entry.getKey()), Files.readAllBytes(entry.getKey()));
        }
        assertTrue(list(out, ".tmp").isEmpty(), "no temporary files left");

        Path clean = dir.resolve("clean");
        ShardManifest fresh = DataPipeline.fromConfig(config(clean, clusters), new FailingTokenizer(Integer.MAX_VALUE))
                .prepare();
        assertEquals(fresh.splits(), resumed.splits(), "same shards, counts and checksums as an uninterrupted run");
        for (Path file : list(clean, ".bin")) {
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out.resolve(file.getFileName())));
        }
        try (PackedShards shards = PackedShards.open(out)) {
            shards.verifyChecksums();
        }
    }

    @Test
    void aFinishedFolderOfAnotherConfigurationIsNotOverwritten() {
        Path out = dir.resolve("shards");
        DataPipeline.fromConfig(config(out), new FailingTokenizer(Integer.MAX_VALUE)).prepare();
        Config other = config(out).withValue("validation-fraction",
                com.typesafe.config.ConfigValueFactory.fromAnyRef(0.2));
        BasaltException e = assertThrows(BasaltException.class,
                () -> DataPipeline.fromConfig(other, new FailingTokenizer(Integer.MAX_VALUE)).prepare());
        assertTrue(e.getMessage().contains("different data configuration"), e.getMessage());
    }

    private static List<Path> list(Path folder, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
