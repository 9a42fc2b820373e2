package dev.basalt.bert;

import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Embedding;
import dev.basalt.api.nn.LayerNorm;
import dev.basalt.api.nn.Module;
import dev.basalt.api.tensor.Tensor;

/**
 * {@code LayerNorm(word + position + token type)} at the embedding width, with HF's names ({@code word_embeddings},
 * {@code position_embeddings}, {@code token_type_embeddings}, {@code LayerNorm}).
 */
final class BertEmbeddings extends Module {

    private final BertConfig config;
    private final Embedding words;
    private final Embedding positions;
    private final Embedding types;
    private final LayerNorm norm;

    BertEmbeddings(BertConfig config, long seed) {
        this.config = config;
        float std = (float) config.initStd();
        int e = config.embeddingWidth();
        words = child("word_embeddings", new Embedding(config.vocabSize(), e, std, seed));
        positions = child("position_embeddings", new Embedding(config.maxPositions(), e, std, seed + 1));
        types = config.typeVocabSize() == 0 ? null
                : child("token_type_embeddings", new Embedding(config.typeVocabSize(), e, std, seed + 2));
        norm = child("LayerNorm", new LayerNorm(e, true, (float) config.normEps()));
    }

    Tensor wordTable() {
        return words.weight();
    }

    /**
     * @param ids      {@code [rows, T]} token ids
     * @param typeIds  {@code [rows, T]} or null (type 0 everywhere)
     * @param position {@code [T]} shared or {@code [rows, T]} per-row position ids
     */
    Tensor forward(Tensor ids, Tensor typeIds, Tensor position, long dropoutSeed) {
        Tensor x = words.forward(ids).add(positions.forward(position));
        if (types != null) {
            x = x.add(typeIds == null ? types.forward(Tensor.ofInts(new int[] {0}, 1)) : types.forward(typeIds));
        }
        return Dropout.atSite(norm.forward(x), config.dropout(), dropoutSeed, 0);
    }
}
