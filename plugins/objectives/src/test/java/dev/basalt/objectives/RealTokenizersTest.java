package dev.basalt.objectives;

import dev.basalt.api.Rng;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.TokenObjective;
import dev.basalt.api.objective.RunTokenizer;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mlm on published tokenizer files: the special ids they declare, and whole words under each convention. The
 * words of the stream are known independently of the word-start rule: the text is cut into words first and each
 * word is encoded on its own, so every token knows the word it came from.
 */
class RealTokenizersTest {

    private static Path shared(String relative) {
        Path file = Path.of(System.getProperty("basalt.shared.data", "../../shared/data")).resolve(relative);
        Assumptions.assumeTrue(Files.exists(file),
                "skipped: " + file + " is absent (the shared data folder comes with CI, not with a plain clone)");
        return file;
    }

    private static List<String> text() throws IOException {
        return Files.readAllLines(shared("tinyshakespeare/input.txt")).subList(0, 3000);
    }

    /** The stream of the encoded words, a separator between paragraphs, and the word index of every token. */
    private record Stream(int[] ids, int[] word) {
    }

    private static Stream stream(Tokenizer tokenizer, List<String> lines, Function<String, List<String>> words,
                                 int separator) {
        List<Integer> ids = new ArrayList<>();
        List<Integer> word = new ArrayList<>();
        int w = 0;
        for (String paragraph : String.join("\n", lines).split("\n\n+")) {
            for (String piece : words.apply(paragraph)) {
                for (int id : tokenizer.encode(piece)) {
                    ids.add(id);
                    word.add(w);
                }
                w++;
            }
            ids.add(separator);
            word.add(w++);
        }
        return new Stream(ids.stream().mapToInt(Integer::intValue).toArray(),
                word.stream().mapToInt(Integer::intValue).toArray());
    }

    /** BERT's basic words: runs of letters and digits, each punctuation mark alone; whitespace separates. */
    private static List<String> bertWords(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (char c : line.toCharArray()) {
            if (Character.isWhitespace(c) || isPunctuation(c)) {
                if (!current.isEmpty()) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                if (isPunctuation(c)) {
                    out.add(String.valueOf(c));
                }
            } else {
                current.append(c);
            }
        }
        return out;
    }

    private static boolean isPunctuation(char c) {
        return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
    }

    /** Words with the whitespace before them: the text cut before every whitespace char followed by a non-space. */
    private static List<String> spacedWords(String line) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i - 1)) && !Character.isWhitespace(line.charAt(i))) {
                // the cut goes before the whitespace char that precedes the word
                out.add(line.substring(from, i - 1));
                from = i - 1;
            }
        }
        out.add(line.substring(from));
        out.removeIf(String::isEmpty);
        return out;
    }

    /** SentencePiece words: runs of non-whitespace (the model adds the ▁ of each). */
    private static List<String> plainWords(String line) {
        List<String> out = new ArrayList<>();
        for (String w : line.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static void assertWholeWords(Tokenizer tokenizer, Stream stream, int eos, String what) {
        RunTokenizer run = new RunTokenizer(tokenizer, what, eos);
        TokenObjective mlm = MaskedLm.fromConfig(Configs.block("mlm", "whole-word = true")).forTokenizer(run);
        RecordingSequence tokens = new RecordingSequence(stream.ids());
        int rows = 64;
        int length = 128;
        TokenBatch batch = mlm.sample(tokens, rows, length, new Rng(3));
        int chosenWords = 0;
        for (int r = 0; r < rows; r++) {
            int start = tokens.starts.get(r);
            for (int t = 0; t < length; ) {
                int end = t;
                while (end < length && stream.word()[start + end] == stream.word()[start + t]) {
                    end++;
                }
                int predicted = 0;
                int ordinary = 0;   // the unknown token may sit inside a word; it is special, so never predicted
                for (int i = t; i < end; i++) {
                    predicted += batch.targets()[r * length + i] == TokenBatch.IGNORE ? 0 : 1;
                    ordinary += tokenizer.specialIds().contains(stream.ids()[start + i]) ? 0 : 1;
                }
                assertTrue(predicted == 0 || predicted == ordinary, what + ": row " + r + " predicts " + predicted
                        + " of the " + ordinary + " tokens of word " + tokenizer.decode(
                        java.util.Arrays.copyOfRange(stream.ids(), start + t, start + end), false));
                chosenWords += predicted > 0 ? 1 : 0;
                t = end;
            }
        }
        assertTrue(chosenWords > 0, what + ": no word chosen");
    }

    @Test
    void bertWordPieceDeclaresItsSpecialsAndMasksWholeWords() throws IOException {
        Tokenizer bert = Tokenizers.load(shared("minilm/tokenizer.json"));
        // bert-base-uncased: [PAD]=0, [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103.
        assertEquals(java.util.Set.of(0, 100, 101, 102, 103), bert.specialIds());
        assertEquals("##ing", bert.token(bert.tokenId("##ing").orElseThrow()).orElseThrow());
        assertWholeWords(bert, stream(bert, text(), RealTokenizersTest::bertWords, 102), 102, "minilm WordPiece");
    }

    @Test
    void gpt2ByteLevelMasksWholeWords() throws IOException {
        Tokenizer gpt2 = Tokenizers.load(shared("models/lm-buddy-fake-gpt2/tokenizer.json"));
        assertEquals(java.util.Set.of(50256), gpt2.specialIds());
        assertEquals("Ġthe", gpt2.token(262).orElseThrow());
        // GPT-2 has no mask token; mlm names the one it looked for.
        String error = org.junit.jupiter.api.Assertions.assertThrows(dev.basalt.api.BasaltException.class,
                () -> MaskedLm.fromConfig(Configs.block("mlm", "")).forTokenizer(new RunTokenizer(gpt2, "gpt2.json", 50256)))
                .getMessage();
        assertTrue(error.contains("[MASK]") && error.contains("gpt2.json"), error);
        Tokenizer withMask = new MaskOnTop(gpt2);
        assertWholeWords(withMask, stream(gpt2, text(), RealTokenizersTest::spacedWords, 50256), 50256, "gpt2 byte-level");
    }

    @Test
    void sentencePieceMasksWholeWords() throws IOException {
        Tokenizer sp = Tokenizers.load(shared("sentencepiece-google/test_model.model"));
        int eos = sp.tokenId("</s>").orElseThrow();
        Tokenizer withMask = new MaskOnTop(sp);
        assertWholeWords(withMask, stream(sp, text(), RealTokenizersTest::plainWords, eos), eos, "SentencePiece");
    }

    /** A tokenizer with one more special token, [MASK], above its vocabulary (as one adds it for MLM). */
    private record MaskOnTop(Tokenizer base) implements Tokenizer {
        @Override
        public int[] encode(String text) {
            return base.encode(text);
        }

        @Override
        public String decode(int[] ids, boolean skipSpecialTokens) {
            return base.decode(ids, skipSpecialTokens);
        }

        @Override
        public int vocabSize() {
            return base.vocabSize() + 1;
        }

        @Override
        public java.util.OptionalInt tokenId(String token) {
            return token.equals("[MASK]") ? java.util.OptionalInt.of(base.vocabSize()) : base.tokenId(token);
        }

        @Override
        public java.util.Optional<String> token(int id) {
            return id == base.vocabSize() ? java.util.Optional.of("[MASK]") : base.token(id);
        }

        @Override
        public java.util.Set<Integer> specialIds() {
            java.util.Set<Integer> ids = new java.util.HashSet<>(base.specialIds());
            ids.add(base.vocabSize());
            return ids;
        }

        @Override
        public void save(Path file) {
            throw new UnsupportedOperationException();
        }
    }
}
