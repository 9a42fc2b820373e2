package dev.basalt.tokenizers;

import dev.basalt.api.tokenizer.Encoding;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expected outputs that jtokkit (from Python tiktoken) and swift-transformers (from Python
 * transformers) ship in their test resources, copied to the shared data.
 */
class ReferenceVectorsTest {
    private static final String SWIFT = "tokenizer-test-vectors/swift-transformers/";

    @Test
    void jtokkitR50kVectorsPassInFull() throws Exception {
        PipelineTokenizer gpt2 = TokenizerFiles.read(TestData.file("tokenizers/gpt2"));
        List<List<String>> rows = csv(Files.readString(TestData.file("tokenizer-test-vectors/jtokkit/r50k_base_encodings.csv")));
        assertEquals(List.of("input", "output", "outputMaxTokens10"), rows.getFirst());
        int checked = 0;
        for (List<String> row : rows.subList(1, rows.size())) {
            String input = row.get(0);
            int[] ids = gpt2.encode(input);
            assertArrayEquals(intList(row.get(1)), ids, "r50k ids of " + Parity.escape(input));
            assertArrayEquals(intList(row.get(2)), longestDecodablePrefix(gpt2, input, ids, 10),
                    "r50k 10-token prefix of " + Parity.escape(input));
            checked++;
        }
        System.out.println("[vectors] jtokkit r50k_base: " + checked + " of " + (rows.size() - 1) + " rows pass");
        assertTrue(checked >= 420, "the CSV has about 423 prompts, read " + checked);
    }

    /** The longest prefix of at most {@code max} ids whose decoding is a prefix of the input (jtokkit's rule). */
    private static int[] longestDecodablePrefix(PipelineTokenizer t, String input, int[] ids, int max) {
        for (int k = Math.min(max, ids.length); k > 0; k--) {
            int[] prefix = Arrays.copyOf(ids, k);
            if (input.startsWith(t.decode(prefix, false))) {
                return prefix;
            }
        }
        return new int[0];
    }

    @Test
    @SuppressWarnings("unchecked")
    void swiftTransformersModelVectorsForBertAndGpt2() throws Exception {
        Map<String, Object> all = (Map<String, Object>) Json.parse(Files.readString(TestData.file(SWIFT + "tokenizer_tests.json")));
        PipelineTokenizer bert = TokenizerFiles.read(TestData.file("tokenizers/bert-base-uncased/vocab.txt"));
        PipelineTokenizer gpt2 = TokenizerFiles.read(TestData.file("models/lm-buddy-fake-gpt2/tokenizer.json"));
        int checked = 0;
        for (String model : List.of("bert-base-uncased", "google-bert/bert-base-uncased", "distilgpt2")) {
            PipelineTokenizer t = model.contains("bert") ? bert : gpt2;
            for (Object o : (List<Object>) all.get(model)) {
                Map<String, Object> c = (Map<String, Object>) o;
                String input = (String) c.get("input");
                Map<String, Object> encoded = (Map<String, Object>) c.get("encoded");
                Encoding e = t.encode(input, true);
                String where = model + " " + Parity.escape(input);
                assertArrayEquals(intList(encoded.get("input_ids")), e.ids(), where);
                assertArrayEquals(intList(encoded.get("attention_mask")), e.attentionMask(), where);
                if (encoded.containsKey("token_type_ids")) {
                    assertArrayEquals(intList(encoded.get("token_type_ids")), e.typeIds(), where);
                }
                // These vectors come from a transformers version whose decode cleaned up spaces by default.
                boolean cleanUp = true;
                assertEquals(c.get("decoded_with_special"), t.decode(e.ids(), false, cleanUp), where);
                assertEquals(c.get("decoded_without_special"), t.decode(e.ids(), true, cleanUp), where);
                checked++;
            }
        }
        System.out.println("[vectors] swift-transformers tokenizer_tests (bert-base-uncased x2, distilgpt2): " + checked + " cases pass");
    }

    @Test
    @SuppressWarnings("unchecked")
    void swiftTransformersLongParagraphs() throws Exception {
        PipelineTokenizer bert = TokenizerFiles.read(TestData.file("tokenizers/bert-base-uncased/vocab.txt"));
        PipelineTokenizer gpt2 = TokenizerFiles.read(TestData.file("tokenizers/gpt2"));
        for (var entry : Map.of("bert_uncased_encoded.json", bert, "gpt2_encoded_tokens.json", gpt2).entrySet()) {
            Map<String, Object> v = (Map<String, Object>) Json.parse(Files.readString(TestData.file(SWIFT + entry.getKey())));
            PipelineTokenizer t = entry.getValue();
            Encoding e = t.encode((String) v.get("text"), false);
            int[] want = intList(v.get("token_ids"));
            int[] got = e.ids();
            if (want.length == got.length + 2) {
                got = t.encode((String) v.get("text"), true).ids();
            }
            assertArrayEquals(want, got, entry.getKey());
            assertEquals(v.get("bpe_tokens"), List.of(e.tokens()), entry.getKey() + " tokens");
            assertEquals(v.get("decoded_text"), t.decode(got, false, t == bert), entry.getKey() + " decoded");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void squadQuestionsBasicTokensWordPiecesAndIds() throws Exception {
        PipelineTokenizer bert = TokenizerFiles.read(TestData.file("tokenizers/bert-base-uncased/vocab.txt"));
        List<Object> questions = (List<Object>) Json.parse(Files.readString(TestData.file(SWIFT + "question_tokens.json")));
        List<Object> ids = (List<Object>) Json.parse(Files.readString(TestData.file(SWIFT + "tokenized_questions.json")));
        assertEquals(questions.size(), ids.size());
        for (int i = 0; i < questions.size(); i++) {
            Map<String, Object> q = (Map<String, Object>) questions.get(i);
            String text = (String) q.get("original");
            List<String> basic = new ArrayList<>();
            List<NormalizedText> words = new ArrayList<>();
            bert.preTokenizer.split(bert.normalizer.normalize(NormalizedText.of(text, 0, text.length())), true, words);
            words.forEach(w -> basic.add(w.text));
            assertEquals(q.get("basic"), basic, "basic tokens of question " + i);
            Encoding e = bert.encode(text, false);
            assertEquals(q.get("wordpiece"), List.of(e.tokens()), "word pieces of question " + i);
            assertArrayEquals(intList(ids.get(i)), e.ids(), "ids of question " + i);
        }
        System.out.println("[vectors] SQuAD questions: " + questions.size() + " pass");
    }

    @Test
    @SuppressWarnings("unchecked")
    void multilingualConformanceForGpt2AndBgeSmall() throws Exception {
        Map<String, Object> inputs = (Map<String, Object>) Json.parse(Files.readString(
                TestData.file(SWIFT + "multilingual-conformance/inputs.json")));
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (Object o : (List<Object>) inputs.get("inputs")) {
            Map<String, Object> m = (Map<String, Object>) o;
            texts.put((String) m.get("id"), (String) m.get("text"));
        }
        Map<String, PipelineTokenizer> models = Map.of(
                "openai-community__gpt2.json", TokenizerFiles.read(TestData.file("models/lm-buddy-fake-gpt2/tokenizer.json")),
                "BAAI__bge-small-en-v1.5.json", TokenizerFiles.read(TestData.file("tokenizers/bert-base-uncased/vocab.txt")));
        int checked = 0;
        for (var model : models.entrySet()) {
            Map<String, Object> baseline = (Map<String, Object>) Json.parse(Files.readString(
                    TestData.file(SWIFT + "multilingual-conformance/" + model.getKey())));
            for (var entry : ((Map<String, Object>) baseline.get("entries")).entrySet()) {
                Map<String, Object> want = (Map<String, Object>) entry.getValue();
                String where = model.getKey() + " " + entry.getKey();
                Encoding e = model.getValue().encode(texts.get(entry.getKey()), true);
                assertArrayEquals(intList(want.get("input_ids")), e.ids(), where);
                assertEquals(want.get("tokens"), List.of(e.tokens()), where);
                boolean cleanUp = model.getKey().startsWith("BAAI");
                assertEquals(want.get("decoded_with_special"), model.getValue().decode(e.ids(), false, cleanUp), where);
                assertEquals(want.get("decoded_skip_special"), model.getValue().decode(e.ids(), true, cleanUp), where);
                checked++;
            }
        }
        System.out.println("[vectors] multilingual conformance (gpt2, bge-small): " + checked + " entries pass");
    }

    @SuppressWarnings("unchecked")
    static int[] intList(Object value) throws Json.SyntaxError {
        List<Object> list = value instanceof String s ? (List<Object>) Json.parse(s) : (List<Object>) value;
        return list.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    /** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

}
