package dev.basalt.tokenizers;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/**
 * Contributes the tokenizer families: {@code byte-bpe} (GPT-2 style byte-level BPE), {@code wordpiece}
 * (BERT) and {@code unigram} (SentencePiece style). Reading tokenizer files goes through the
 * {@link dev.basalt.api.tokenizer.TokenizerLoader} service, {@link TokenizerFiles}.
 */
public final class TokenizersPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "tokenizers";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public int apiMajor() {
        return ApiVersion.MAJOR;
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.add(ExtensionPoint.TOKENIZER, "byte-bpe",
                c -> new BpeTokenizerTrainer(TrainerSettings.fromConfig(c.config(), "byte-bpe")));
        contributions.add(ExtensionPoint.TOKENIZER, "wordpiece",
                c -> new WordPieceTokenizerTrainer(TrainerSettings.fromConfig(c.config(), "wordpiece")));
        contributions.add(ExtensionPoint.TOKENIZER, "unigram",
                c -> new UnigramTokenizerTrainer(TrainerSettings.fromConfig(c.config(), "unigram")));
    }
}
