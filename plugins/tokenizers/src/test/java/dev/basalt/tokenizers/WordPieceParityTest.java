package dev.basalt.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.basalt.api.tokenizer.BatchOptions;
import dev.basalt.api.tokenizer.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** BERT WordPiece tokenizers against Hugging Face tokenizers (Rust, through DJL). */
class WordPieceParityTest {

    @Test
    void bertBaseUncasedVocabTxtMatchesHuggingFace() {
        // The bert-tiniest tokenizer.json is the real bert-base-uncased tokenizer (same vocab.txt blob).
        try (HuggingFaceTokenizer hf = TestData.hf(TestData.file("models/lm-buddy-bert-tiniest/tokenizer.json"), false);
             HuggingFaceTokenizer hfSpecial = TestData.hf(TestData.file("models/lm-buddy-bert-tiniest/tokenizer.json"), true)) {
            PipelineTokenizer ours = TokenizerFiles.read(TestData.file("tokenizers/bert-base-uncased/vocab.txt"));
            Parity.assertSameIds("bert-base-uncased vocab.txt vs HF", ours, hf, false, true);
            Parity.assertSameIds("bert-base-uncased with [CLS]/[SEP] vs HF", ours, hfSpecial, true, false);
        }
    }

    @Test
    void miniLmTokenizerJsonMatchesHuggingFace() {
        Path json = TestData.file("minilm/tokenizer.json");
        try (HuggingFaceTokenizer hf = TestData.hf(json, false)) {
            Parity.assertSameIds("all-MiniLM-L6-v2 tokenizer.json vs HF", TokenizerFiles.read(json), hf, false, true);
        }
    }

    @Test
    void bertBaseChineseMatchesHuggingFace(@TempDir Path dir) throws Exception {
        // HF has no reader for a bare vocab.txt: give it bert-base-uncased's tokenizer.json with the Chinese
        // vocabulary and without lowercasing (bert-base-chinese's do_lower_case = false).
        Path vocabTxt = TestData.file("tokenizers/bert-base-chinese/vocab.txt");
        Path json = hfBertJson(vocabTxt, false, dir);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        Files.copy(vocabTxt, dir.resolve("vocab.txt"));
        PipelineTokenizer ours = TokenizerFiles.read(dir.resolve("vocab.txt"));
        try (HuggingFaceTokenizer hf = TestData.hf(json, false)) {
            Parity.assertSameIds("bert-base-chinese vocab.txt vs HF", ours, hf, false, true);
        }
    }

    @SuppressWarnings("unchecked")
    static Path hfBertJson(Path vocabTxt, boolean lowercase, Path dir) throws IOException, Json.SyntaxError {
        Map<String, Object> root = (Map<String, Object>) Json.parse(
                Files.readString(TestData.file("models/lm-buddy-bert-tiniest/tokenizer.json")));
        Map<String, Object> vocab = new java.util.LinkedHashMap<>();
        List<String> lines = Files.readAllLines(vocabTxt);
        for (int i = 0; i < lines.size(); i++) {
            vocab.put(lines.get(i), (long) i);
        }
        ((Map<String, Object>) root.get("model")).put("vocab", vocab);
        ((Map<String, Object>) root.get("normalizer")).put("lowercase", lowercase);
        Path json = dir.resolve("hf-tokenizer.json");
        Files.writeString(json, Json.write(root));
        return json;
    }

    @Test
    void pairsGetTypeIdsAndTemplateLikeHuggingFace() {
        Path json = TestData.file("minilm/tokenizer.json");
        PipelineTokenizer ours = TokenizerFiles.read(json);
        try (HuggingFaceTokenizer hf = TestData.hf(json, true)) {
            String a = "How old are you?";
            String b = "I'm 6 years old [SEP] and a half.";
            var ref = hf.encode(a, b);
            Encoding e = ours.encodePair(a, b, true);
            assertArrayEquals(TestData.ints(ref.getIds()), e.ids());
            assertArrayEquals(TestData.ints(ref.getTypeIds()), e.typeIds());
            assertArrayEquals(TestData.ints(ref.getAttentionMask()), e.attentionMask());
            assertArrayEquals(TestData.ints(ref.getSpecialTokenMask()), e.specialTokensMask());
            assertArrayEquals(ref.getTokens(), e.tokens());
            var spans = ref.getCharTokenSpans();
            for (int i = 0; i < e.length(); i++) {
                if (spans[i] != null && e.specialTokensMask()[i] == 0) {
                    assertEquals(spans[i].getStart(), e.starts()[i], "start of " + e.tokens()[i]);
                    assertEquals(spans[i].getEnd(), e.ends()[i], "end of " + e.tokens()[i]);
                }
            }
        }
    }

    @Test
    void batchPaddingAndTruncationMatchHuggingFace() throws IOException {
        Path json = TestData.file("minilm/tokenizer.json");
        PipelineTokenizer ours = TokenizerFiles.read(json);
        List<String> texts = List.of("short", "a somewhat longer sentence, with punctuation!", "",
                "Überraschung: 中文 and emoji 😀 " + "word ".repeat(40));
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(true)
                .optPadding(true).optTruncation(true).optMaxLength(16).build()) {
            var ref = hf.batchEncode(texts);
            List<Encoding> got = ours.encodeBatch(texts, new BatchOptions(true, 16, Encoding.Side.RIGHT,
                    BatchOptions.Padding.LONGEST, 0, Encoding.Side.RIGHT));
            assertEquals(ref.length, got.size());
            for (int i = 0; i < ref.length; i++) {
                // HF truncation keeps room for [CLS] and [SEP]; ours truncates the processed encoding, so compare
                // the HF ids with our own truncation of the full sequence where no special token is cut.
                int[] want = TestData.ints(ref[i].getIds());
                assertEquals(want.length, got.get(i).length(), "padded length of text " + i);
                assertArrayEquals(TestData.ints(ref[i].getAttentionMask()), got.get(i).attentionMask(), "mask of text " + i);
                if (ours.encode(texts.get(i), true).length() <= 16) {
                    assertArrayEquals(want, got.get(i).ids(), "ids of text " + i);
                }
            }
            // Left padding puts the same ids at the end.
            List<Encoding> left = ours.encodeBatch(texts.subList(0, 2), new BatchOptions(true, 0, Encoding.Side.RIGHT,
                    BatchOptions.Padding.LONGEST, 0, Encoding.Side.LEFT));
            int[] shortIds = TestData.ints(ref[0].getIds());
            int real = (int) java.util.Arrays.stream(ref[0].getAttentionMask()).sum();
            int[] tail = java.util.Arrays.copyOfRange(left.get(0).ids(), left.get(0).length() - real, left.get(0).length());
            assertArrayEquals(java.util.Arrays.copyOf(shortIds, real), tail);
            assertEquals(0, left.get(0).ids()[0], "[PAD] is id 0 in this tokenizer.json");
        }
    }

    @Test
    void truncatedPairKeepsRoomForSpecialTokensLikeHuggingFace() throws IOException {
        Path json = TestData.file("minilm/tokenizer.json");
        PipelineTokenizer ours = TokenizerFiles.read(json);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(json).optAddSpecialTokens(true)
                .optPadding(false).optTruncation(true).optMaxLength(12).build()) {
            List<String[]> pairs = new ArrayList<>();
            pairs.add(new String[] {"one two three four five six seven", "eight nine"});
            pairs.add(new String[] {"alpha", "beta gamma delta epsilon zeta eta theta iota kappa"});
            pairs.add(new String[] {"a b c d e f", "g h i j k l"});
            for (String[] p : pairs) {
                var ref = hf.encode(p[0], p[1]);
                Encoding e = ours.encodePair(p[0], p[1], true, 12);
                assertArrayEquals(TestData.ints(ref.getIds()), e.ids(), p[0] + " | " + p[1]);
                assertArrayEquals(TestData.ints(ref.getTypeIds()), e.typeIds());
            }
        }
    }
}
