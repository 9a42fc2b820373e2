package dev.basalt.tokenizers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Counts the pre-tokenized words of a corpus in bounded memory: when more than {@code maxWords} distinct
 * words are held, the rarest are dropped (their counts are lost, which only affects words too rare to
 * shape the vocabulary).
 */
final class WordCounter {
    private final int maxWords;
    private final Map<String, Long> counts = new HashMap<>();
    private long bytes;

    WordCounter(int maxWords) {
        this.maxWords = maxWords;
    }

    /** Splits each text with the normalizer and pre-tokenizer and counts the pieces. */
    Map<String, Long> count(Iterable<String> texts, Normalizer normalizer, PreTokenizer preTokenizer, LongConsumer progress) {
        List<NormalizedText> words = new ArrayList<>();
        long lastReport = 0;
        for (String text : texts) {
            bytes += text.getBytes(StandardCharsets.UTF_8).length + 1;
            NormalizedText t = NormalizedText.of(text, 0, text.length());
            if (normalizer != null) {
                t = normalizer.normalize(t);
            }
            words.clear();
            preTokenizer.split(t, true, words);
            for (NormalizedText w : words) {
                counts.merge(w.text, 1L, Long::sum);
            }
            if (counts.size() > maxWords) {
                prune();
            }
            if (bytes - lastReport > (1 << 20)) {
                progress.accept(bytes);
                lastReport = bytes;
            }
        }
        progress.accept(bytes);
        return counts;
    }

    private void prune() {
        long threshold = 1;
        while (counts.size() > maxWords * 3L / 4) {
            long t = threshold;
            counts.values().removeIf(c -> c <= t);
            threshold *= 2;
        }
    }
}
