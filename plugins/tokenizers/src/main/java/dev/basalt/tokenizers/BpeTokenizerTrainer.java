package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.TokenizerTrainer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Trains a GPT-2 style byte-level BPE: the 256 byte chars are always in the alphabet, so any text can be
 * encoded without an unknown token.
 */
public final class BpeTokenizerTrainer implements TokenizerTrainer {
    private final TrainerSettings settings;
    private IntConsumer mergeProgress = n -> { };

    BpeTokenizerTrainer(TrainerSettings settings) {
        int minimum = ByteLevel.alphabet().length() + settings.specialTokens().size();
        if (settings.vocabSize() < minimum) {
            throw new BasaltException("tokenizer.vocab-size = " + settings.vocabSize() + " is too small for byte-bpe:"
                    + " it needs at least " + minimum + " (256 byte tokens + " + settings.specialTokens().size()
                    + " special tokens " + settings.specialTokens() + ").");
        }
        this.settings = settings;
    }

    /** Also tell the number of merges learned so far. */
    public BpeTokenizerTrainer onMerge(IntConsumer progress) {
        this.mergeProgress = progress;
        return this;
    }

    @Override
    public Tokenizer train(Iterable<String> texts, LongConsumer progress) {
        PreTokenizers.ByteLevelSplit pre = new PreTokenizers.ByteLevelSplit(false, true, true);
        Map<String, Long> words = new WordCounter(settings.maxWords()).count(texts, null, pre, progress);
        Set<String> alphabet = new LinkedHashSet<>();
        for (char c : ByteLevel.alphabet().toCharArray()) {
            alphabet.add(String.valueOf(c));
        }
        alphabet.addAll(settings.initialAlphabet());
        BpeLearner.Result learned = new BpeLearner(settings.vocabSize(), settings.minFrequency(), settings.specialTokens(),
                alphabet, 0, null).learn(words, mergeProgress);
        Vocab vocab = Vocab.of(learned.vocab(), "trained byte-bpe");
        BpeModel model = new BpeModel(vocab, learned.merges(), null, null, null, false, false, false, "trained byte-bpe");
        List<AddedToken> added = new ArrayList<>();
        for (String s : settings.specialTokens()) {
            added.add(new AddedToken(vocab.id(s), s, false, false, false, false, true));
        }
        return new PipelineTokenizer(null, pre, model, new PostProcessors.ByteLevelOffsets(false, null),
                new Decoders.ByteLevelDecoder(), added, null, null);
    }
}
