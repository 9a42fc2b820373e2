package dev.basalt.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trained tokenizers, saved as tokenizer.json, must load in Hugging Face tokenizers and encode identically. */
class TrainingTest {

    static TrainerSettings settings(String component, String overrides) {
        var defaults = ConfigFactory.parseResources("reference.conf").getConfig("basalt.tokenizer.\"" + component + "\"");
        return TrainerSettings.fromConfig(ConfigFactory.parseString(overrides).withFallback(defaults), component);
    }

    private static List<String> lines(String relative, int limit) throws Exception {
        List<String> all = Files.readAllLines(TestData.file(relative));
        return all.subList(0, Math.min(limit, all.size()));
    }

    private static void assertHfAgrees(String label, PipelineTokenizer trained, Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        trained.save(file);
        PipelineTokenizer reloaded = TokenizerFiles.read(file);
        try (HuggingFaceTokenizer hf = TestData.hf(file, false)) {
            Parity.assertSameIds(label + " (trained, saved) vs HF", reloaded, hf, false, true);
        }
        for (String s : List.of("Hello there, wörld! 中文 😀", "  spaces  and\ttabs\n")) {
            assertArrayEquals(trained.encode(s), reloaded.encode(s), "reloaded encodes like the trained one");
        }
    }

    @Test
    void byteLevelBpeTrainsSavesAndLoadsInHuggingFace(@TempDir Path dir) throws Exception {
        List<String> corpus = lines("tinyshakespeare/input.txt", 20_000);
        long[] bytes = {0};
        List<Integer> mergeCounts = new ArrayList<>();
        BpeTokenizerTrainer trainer = new BpeTokenizerTrainer(settings("byte-bpe", "vocab-size = 1200"));
        trainer.onMerge(mergeCounts::add);
        PipelineTokenizer t = (PipelineTokenizer) trainer.train(corpus, b -> bytes[0] = b);
        assertEquals(1200, t.vocabSize(), "1 special + 256 bytes + 943 merges");
        assertEquals(943, mergeCounts.getLast());
        assertTrue(bytes[0] > 500_000, "progress reported the bytes read: " + bytes[0]);
        assertEquals(0, t.tokenId("<|endoftext|>").orElseThrow());
        String text = "To be, or not to be: that is the question.";
        assertEquals(text, t.decode(t.encode(text), false));
        assertHfAgrees("byte-bpe", t, dir);

        PipelineTokenizer again = (PipelineTokenizer) new BpeTokenizerTrainer(settings("byte-bpe", "vocab-size = 1200"))
                .train(corpus, b -> { });
        assertEquals(Json.write(TokenizerJson.toJson(t)), Json.write(TokenizerJson.toJson(again)), "training is deterministic");
    }

    @Test
    void incrementalPairCountsGiveTheSameMergesAsRecountingEveryStep() throws Exception {
        Map<String, Long> words = new HashMap<>();
        PreTokenizers.ByteLevelSplit pre = new PreTokenizers.ByteLevelSplit(false, true, true);
        for (String line : lines("corpora/botchan/botchan.txt", 1500)) {
            List<NormalizedText> out = new ArrayList<>();
            pre.split(NormalizedText.of(line, 0, line.length()), true, out);
            out.forEach(w -> words.merge(w.text, 1L, Long::sum));
        }
        var alphabet = new java.util.LinkedHashSet<String>();
        for (char c : ByteLevel.alphabet().toCharArray()) {
            alphabet.add(String.valueOf(c));
        }
        var learned = new BpeLearner(600, 2, List.of(), alphabet, 0, null).learn(words, n -> { });
        // A slow, obviously correct learner: recount every pair of every word before each merge.
        Map<List<String>, Long> split = new HashMap<>();
        words.forEach((w, c) -> split.put(w.codePoints().mapToObj(Character::toString).toList(), c));
        Map<String, Integer> ids = new HashMap<>(learned.vocab());
        for (int m = 0; m < learned.merges().size(); m++) {
            Map<List<String>, Long> pairs = new HashMap<>();
            split.forEach((symbols, c) -> {
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    pairs.merge(List.of(symbols.get(i), symbols.get(i + 1)), c, Long::sum);
                }
            });
            long best = pairs.values().stream().mapToLong(Long::longValue).max().orElse(0);
            String[] merge = learned.merges().get(m);
            assertEquals(best, pairs.getOrDefault(List.of(merge[0], merge[1]), 0L), "merge " + m + " is a most frequent pair");
            List<List<String>> tied = pairs.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                    .sorted((x, y) -> {
                        int a = Integer.compare(ids.get(x.get(0)), ids.get(y.get(0)));
                        return a != 0 ? a : Integer.compare(ids.get(x.get(1)), ids.get(y.get(1)));
                    }).toList();
            assertEquals(List.of(merge[0], merge[1]), tied.getFirst(), "ties go to the smallest id pair at merge " + m);
            Map<List<String>, Long> next = new HashMap<>();
            split.forEach((symbols, c) -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < symbols.size(); i++) {
                    if (i + 1 < symbols.size() && symbols.get(i).equals(merge[0]) && symbols.get(i + 1).equals(merge[1])) {
                        out.add(merge[0] + merge[1]);
                        i++;
                    } else {
                        out.add(symbols.get(i));
                    }
                }
                next.merge(out, c, Long::sum);
            });
            split.clear();
            split.putAll(next);
        }
    }

    @Test
    void wordPieceTrainsSavesAndLoadsInHuggingFace(@TempDir Path dir) throws Exception {
        List<String> corpus = new ArrayList<>(lines("corpora/botchan/botchan.txt", 6000));
        corpus.addAll(lines("parallel/tatoeba-eng-cmn/cmn.txt", 3000));
        Tokenizer t = new WordPieceTokenizerTrainer(settings("wordpiece", "vocab-size = 3000")).train(corpus, b -> { });
        assertEquals(3000, t.vocabSize());
        assertEquals(List.of(0, 1, 2, 3, 4), List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]").stream()
                .map(s -> t.tokenId(s).orElseThrow()).toList());
        assertHfAgrees("wordpiece", (PipelineTokenizer) t, dir);
    }

    @Test
    void unigramTrainsByEmSavesAndLoadsInHuggingFace(@TempDir Path dir) throws Exception {
        List<String> corpus = lines("corpora/botchan/botchan.txt", 5000);
        Tokenizer t = new UnigramTokenizerTrainer(settings("unigram", "vocab-size = 1500")).train(corpus, b -> { });
        assertTrue(t.vocabSize() <= 1500 && t.vocabSize() > 1000, "vocab size " + t.vocabSize());
        String text = "I was a mischievous boy.";
        assertEquals(text, t.decode(t.encode(text), true));
        long chars = 0;
        long tokens = 0;
        for (String line : corpus) {
            chars += line.length();
            tokens += t.encode(line).length;
        }
        assertTrue(chars > 3 * tokens, "a 1500-piece model compresses its training text to over 3 chars per token: "
                + chars + " chars, " + tokens + " tokens");
        assertHfAgrees("unigram", (PipelineTokenizer) t, dir);
    }
}
