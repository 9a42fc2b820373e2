package dev.basalt.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.PackedShards;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.data.TokenSplit;
import dev.basalt.api.data.TokenWidth;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.data.pipeline.ByteLevelTokenizer;
import dev.basalt.data.pipeline.DataPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardRoundTripTest {

    @TempDir
    Path dir;

    static Config dataConfig(Path out, Object sources, Object stages, Map<String, Object> extra) {
        Map<String, Object> map = new java.util.HashMap<>(extra);
        map.put("sources", sources);
        map.put("stages", stages);
        map.put("output-dir", out.toString());
        map.put("progress-seconds", 0);
        return ConfigValueFactory.fromMap(map).toConfig();
    }

    static Path writeLines(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void everyDocumentComesBackWithEosAfterIt() throws IOException {
        List<String> speeches = SharedData.shakespeareSpeeches();
        // the corpus as JSONL, quoted by Jackson's own encoder
        List<String> lines = new ArrayList<>();
        for (String s : speeches) {
            lines.add("{\"text\":\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                    .quoteAsString(s)) + "\"}");
        }
        Path corpus = writeLines(dir.resolve("shakespeare.jsonl"), lines);
        Path out = dir.resolve("shards");
        Config data = dataConfig(out, List.of(Map.of("path", corpus.toString())), List.of(),
                Map.of("shard-tokens", 100_000, "validation-fraction", 0.1));
        ShardManifest manifest = DataPipeline.fromConfig(data, new ByteLevelTokenizer()).prepare();

        assertEquals(TokenWidth.UINT16, manifest.width(), "257 ids need two bytes");
        try (PackedShards shards = PackedShards.open(out)) {
            shards.verifyChecksums();
            TokenSplit train = shards.train();
            TokenSplit validation = shards.validation();
            assertEquals(speeches.size(), train.documents() + validation.documents());
            assertTrue(manifest.split("train").shards().size() > 1, "100k-token shards must split 1.1 MB of text");
            Set<String> expected = new HashSet<>(speeches);
            Set<String> seen = new HashSet<>();
            long totalBytes = 0;
            for (TokenSplit split : List.of(train, validation)) {
                for (long d = 0; d < split.documents(); d++) {
                    int[] ids = split.document(d);
                    String text = new String(toBytes(ids), StandardCharsets.UTF_8);
                    assertTrue(expected.contains(text), "document " + d + " is not a speech of the corpus");
                    seen.add(text);
                    assertEquals(ByteLevelTokenizer.EOS_ID, split.token(split.documentEnd(d) - 1), "EOS after document");
                    totalBytes += ids.length;
                }
            }
            assertEquals(expected, seen);
            long expectedBytes = speeches.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
            assertEquals(expectedBytes + speeches.size(), train.tokens() + validation.tokens(), "bytes plus one EOS each");
            assertEquals(expectedBytes, totalBytes);
            // binomial(n, 0.1): within 5 standard deviations
            double n = speeches.size();
            assertEquals(0.1 * n, validation.documents(), 5 * Math.sqrt(n * 0.1 * 0.9));
            // reading across a shard boundary equals reading token by token
            long boundary = manifest.split("train").shards().get(0).tokens();
            int[] window = new int[64];
            train.read(boundary - 32, window, 0, 64);
            for (int i = 0; i < 64; i++) {
                assertEquals(train.token(boundary - 32 + i), window[i]);
            }
        }
    }

    private static byte[] toBytes(int[] ids) {
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            assertTrue(ids[i] < 256, "only byte ids inside a document");
            bytes[i] = (byte) ids[i];
        }
        return bytes;
    }

    /** A tokenizer whose ids are the bytes shifted by an offset, to force wide vocabularies. */
    record ShiftedTokenizer(int offset, int vocab, int eos, boolean lie) implements Tokenizer {
        @Override
        public int[] encode(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int[] ids = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                ids[i] = (bytes[i] & 0xFF) + offset + (lie && i == 0 ? vocab : 0);
            }
            return ids;
        }

        @Override
        public String decode(int[] ids, boolean skipSpecialTokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int vocabSize() {
            return vocab;
        }

        @Override
        public OptionalInt tokenId(String token) {
            return OptionalInt.of(eos);
        }

        @Override
        public void save(Path file) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void widthFollowsTheVocabularyAndWideIdsSurvive() throws IOException {
        Path corpus = writeLines(dir.resolve("a.txt"), List.of("hello world", "second line"));
        for (var c : List.of(new Object[] {0, 256, 10, TokenWidth.UINT8}, new Object[] {65_000, 65_536, 0, TokenWidth.UINT16},
                new Object[] {65_281, 65_537, 65_536, TokenWidth.INT32}, new Object[] {1_000_000, 1_000_256, 7, TokenWidth.INT32})) {
            Path out = dir.resolve("out-" + c[1]);
            Config data = dataConfig(out, List.of(Map.of("path", corpus.toString(), "text-unit", "line")), List.of(),
                    Map.of("validation-fraction", 0.0));
            ShiftedTokenizer tokenizer = new ShiftedTokenizer((int) c[0], (int) c[1], (int) c[2], false);
            ShardManifest manifest = DataPipeline.fromConfig(data, tokenizer).prepare();
            assertEquals(c[3], manifest.width(), "vocabulary " + c[1]);
            try (PackedShards shards = PackedShards.open(out)) {
                assertArrayEquals(tokenizer.encode("hello world"), shards.train().document(0));
                assertEquals((int) c[2], shards.train().token(shards.train().documentEnd(0) - 1));
            }
        }
    }

    @Test
    void anIdOutsideTheVocabularyIsRefusedNotTruncated() throws IOException {
        Path corpus = writeLines(dir.resolve("a.txt"), List.of("hello"));
        Config data = dataConfig(dir.resolve("out"), List.of(Map.of("path", corpus.toString())), List.of(), Map.of());
        BasaltException e = assertThrows(BasaltException.class,
                () -> DataPipeline.fromConfig(data, new ShiftedTokenizer(0, 65_536, 0, true)).prepare());
        assertTrue(e.getMessage().contains("outside its vocabulary"), e.getMessage());
    }
}
