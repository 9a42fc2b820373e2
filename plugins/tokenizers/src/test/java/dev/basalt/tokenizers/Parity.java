package dev.basalt.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs our tokenizer and a reference over the same texts and reports every difference. */
final class Parity {
    private Parity() {
    }

    record Result(int texts, int idMismatches, int decodeMismatches, List<String> examples) {
    }

    /**
     * Compares ids (and decode output of those ids, when {@code checkDecode}) over every corpus line and
     * awkward string; fails listing the first differences.
     */
    static Result assertSameIds(String label, PipelineTokenizer ours, HuggingFaceTokenizer hf, boolean addSpecial,
                                boolean checkDecode) {
        return assertSame(label, TestData.corpora(), text -> addSpecial ? ours.encode(text, true).ids() : ours.encode(text),
                text -> TestData.ints(hf.encode(text).getIds()),
                checkDecode ? ids -> ours.decode(ids, false) : null,
                checkDecode ? ids -> hf.decode(TestData.longs(ids), false) : null);
    }

    static Result assertSame(String label, Map<String, List<String>> corpora, Function<String, int[]> ours,
                             Function<String, int[]> reference, Function<int[], String> ourDecode,
                             Function<int[], String> referenceDecode) {
        int texts = 0;
        int idMismatches = 0;
        int decodeMismatches = 0;
        List<String> examples = new ArrayList<>();
        for (var corpus : corpora.entrySet()) {
            for (String text : corpus.getValue()) {
                texts++;
                int[] expected = reference.apply(text);
                int[] actual = ours.apply(text);
                if (!Arrays.equals(expected, actual)) {
                    idMismatches++;
                    if (examples.size() < 8) {
                        examples.add(corpus.getKey() + ": " + escape(text) + "\n   expected " + Arrays.toString(head(expected))
                                + "\n   actual   " + Arrays.toString(head(actual)));
                    }
                    continue;
                }
                if (ourDecode != null) {
                    String want = referenceDecode.apply(expected);
                    String got = ourDecode.apply(expected);
                    if (!want.equals(got)) {
                        decodeMismatches++;
                        if (examples.size() < 8) {
                            examples.add(corpus.getKey() + " decode: " + escape(text) + "\n   expected " + escape(want)
                                    + "\n   actual   " + escape(got));
                        }
                    }
                }
            }
        }
        System.out.printf("[parity] %s: %d texts (stride %d), %d id mismatches, %d decode mismatches%n", label, texts,
                TestData.stride(), idMismatches, decodeMismatches);
        assertTrue(idMismatches == 0 && decodeMismatches == 0, label + ": " + idMismatches + " of " + texts
                + " texts encode differently, " + decodeMismatches + " decode differently:\n" + String.join("\n", examples));
        return new Result(texts, idMismatches, decodeMismatches, examples);
    }

    private static int[] head(int[] ids) {
        return ids.length <= 40 ? ids : Arrays.copyOf(ids, 40);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        String cut = s.length() > 160 ? s.substring(0, 160) + "…" : s;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || (c >= 0x2000 && c <= 0x206f) || c == 0xfeff || c == 0xad) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
