package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import dev.basalt.api.model.EncoderDecoderCache;
import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.Dropout;
import dev.basalt.api.nn.Linear;
import dev.basalt.api.nn.Module;
import dev.basalt.api.nn.ModuleList;
import dev.basalt.api.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The encoder, read top to bottom: embeddings (word + position + token type, LayerNorm; ALBERT then projects them to
 * the hidden width), post-LN blocks (ALBERT applies its one block {@code layers} times), then the optional pooler
 * (dense + tanh on the first token) and the optional MLM head. The module tree uses Hugging Face's names
 * ({@code bert.embeddings.*}, {@code bert.encoder.layer.N.*}, {@code bert.pooler.dense}, {@code cls.predictions.*},
 * and each variant's own, see {@link Names}), so checkpoints map one to one.
 */
public final class BertModel extends Group implements EncoderModel {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final Linear mapping;
    private final ModuleList<BertLayer> layers;
    private final Linear pooler;
    private final MlmHead head;
    private long dropoutSeed = -1;

    BertModel(BertConfig config, long seed) {
        this.config = config;
        Names names = config.variant().names;
        Group trunk = group(names.prefix());
        float std = (float) config.initStd();
        embeddings = trunk.add("embeddings", new BertEmbeddings(config, seed));
        mapping = names.mapping() == null ? null
                : trunk.add(names.mapping(), new Linear(config.embeddingWidth(), config.width(), true, std, seed + 4));
        layers = trunk.add(names.layers(), new ModuleList<>());
        int distinct = config.variant() == BertConfig.Variant.ALBERT ? 1 : config.layers();
        for (int i = 0; i < distinct; i++) {
            layers.add(new BertLayer(config, seed + 100L * (i + 1)));
        }
        pooler = config.pooler() && names.pooler() != null
                ? trunk.add(names.pooler(), new Linear(config.width(), config.width(), true, std, seed + 3))
                : null;
        head = config.mlmHead() ? new MlmHead(this, config, seed + 7) : null;
    }

    public BertConfig config() {
        return config;
    }

    @Override
    public Module module() {
        return this;
    }

    @Override
    public void dropoutSeed(long seed) {
        this.dropoutSeed = seed;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int hiddenSize() {
        return config.width();
    }

    @Override
    public int maxLength() {
        return config.maxLength();
    }

    /**
     * MLM logits of the batch's inputs. Padding keys ({@link TokenBatch#keyValid()} 0) are hidden from attention;
     * without a mask every key is attended to, as in Hugging Face.
     */
    @Override
    public Tensor logits(TokenBatch batch) {
        if (head == null) {
            throw new BasaltException("this " + config.variant().modelType() + " model has no masked-language-model head"
                    + " (its checkpoint has only the encoder); set model.mlm-head = true and train one");
        }
        Tensor ids = Tensor.ofInts(batch.inputs(), batch.rows(), batch.length());
        long seed = isTraining() ? dropoutSeed : -1;
        Tensor keyValid = EncoderDecoderCache.keyValid(batch);     // the same [rows, length] mask the encoders of t5/bart read
        return head.logits(forward(ids, batch.inputs(), null, keyValid, seed), embeddings.wordTable());
    }

    @Override
    public Tensor encode(Tensor ids, Tensor typeIds, Tensor keyValid) {
        return forward(ids, ids.toIntArray(), typeIds, keyValid, isTraining() ? dropoutSeed : -1);
    }

    /** {@code tanh(dense(h[:, 0]))}, {@code [rows, width]}, of hidden states {@code [rows, T, width]}. */
    public Tensor pool(Tensor hidden) {
        if (pooler == null) {
            throw new BasaltException("this " + config.variant().modelType() + " model has no pooler");
        }
        return pooler.forward(hidden.narrow(1, 0, 1).squeeze(1)).tanh();
    }

    private Tensor forward(Tensor ids, int[] idValues, Tensor typeIds, Tensor keyValid, long seed) {
        int rows = ids.dim(0);
        int length = ids.dim(1);
        if (length > config.maxLength()) {
            throw new BasaltException("a sequence of " + length + " tokens is longer than this model's "
                    + config.maxLength() + " positions");
        }
        Tensor x = embeddings.forward(ids, typeIds, positionIds(idValues, rows, length), seed);
        if (mapping != null) {
            x = mapping.forward(x);
        }
        RealTokens tokens = RealTokens.of(rows, length, keyValid);
        x = tokens.packed(x);
        for (int i = 0; i < config.layers(); i++) {
            x = layers.get(layers.size() == 1 ? 0 : i).forward(x, tokens, keyValid, Dropout.partSeed(seed, i));
        }
        return tokens.paddedWithZeros(x);
    }

    /**
     * {@code [T]} positions {@code 0..T-1} (BERT); for RoBERTa {@code [rows, T]} positions that count real tokens
     * from {@code pad + 1} and put padding at {@code pad}, as HF's {@code create_position_ids_from_input_ids}.
     */
    private Tensor positionIds(int[] ids, int rows, int length) {
        if (config.variant() != BertConfig.Variant.ROBERTA) {
            int[] positions = new int[length];
            for (int i = 0; i < length; i++) {
                positions[i] = i;
            }
            return Tensor.ofInts(positions, length);
        }
        int pad = config.padTokenId();
        int[] positions = new int[rows * length];
        for (int r = 0; r < rows; r++) {
            int real = 0;
            for (int i = 0; i < length; i++) {
                int at = r * length + i;
                positions[at] = ids[at] == pad ? pad : pad + ++real;
            }
        }
        return Tensor.ofInts(positions, rows, length);
    }

    @Override
    public void save(Path folder) throws IOException {
        HfBertCheckpoint.save(this, folder);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s: %d layers, %d heads, width %d, ffn %d, %d positions, vocab %d%s%s,"
                        + " %.2fM parameters", config.variant().modelType(), config.layers(), config.heads(),
                config.width(), config.ffnWidth(), config.maxLength(), config.vocabSize(),
                config.pooler() ? ", pooler" : "", config.mlmHead() ? ", MLM head" : "", parameterCount() / 1e6);
    }
}
