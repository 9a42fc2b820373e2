package dev.basalt.tokenizers;

import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.TokenizerTrainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Trains a BERT WordPiece vocabulary the way Hugging Face does: BPE over BERT-normalized words with
 * {@code ##} on every non-initial piece, whose vocabulary becomes the WordPiece vocabulary.
 */
public final class WordPieceTokenizerTrainer implements TokenizerTrainer {
    private final TrainerSettings settings;

    WordPieceTokenizerTrainer(TrainerSettings settings) {
        this.settings = settings;
    }

    @Override
    public Tokenizer train(Iterable<String> texts, LongConsumer progress) {
        Normalizers.Bert normalizer = new Normalizers.Bert(true, true, null, settings.lowercase());
        PreTokenizers.Bert pre = new PreTokenizers.Bert();
        Map<String, Long> words = new WordCounter(settings.maxWords()).count(texts, normalizer, pre, progress);
        List<String> specials = new ArrayList<>(settings.specialTokens());
        if (!specials.contains("[UNK]")) {
            specials.add("[UNK]");
        }
        BpeLearner.Result learned = new BpeLearner(settings.vocabSize(), settings.minFrequency(), specials,
                settings.initialAlphabet(), settings.limitAlphabet(), "##").learn(words, n -> { });
        Vocab vocab = Vocab.of(learned.vocab(), "trained wordpiece");
        PipelineTokenizer base = TokenizerFiles.bert(vocab, settings.lowercase(), "trained wordpiece");
        List<AddedToken> added = new ArrayList<>();
        for (String s : specials) {
            added.add(new AddedToken(vocab.id(s), s, false, false, false, false, true));
        }
        return new PipelineTokenizer(base.normalizer, base.preTokenizer, base.model, base.postProcessor, base.decoder,
                added, null, null);
    }
}
