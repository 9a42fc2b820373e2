package dev.basalt.t5;

import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.List;
import java.util.function.Supplier;

/**
 * The decoder's state while generating: the encoder's output (computed once), each layer's cross-attention keys and
 * values (projected once from it) and self-attention keys and values of the tokens decoded so far.
 */
public final class T5Cache implements Seq2SeqLanguageModel.DecoderState {

    private final T5Block.EncoderSide encoder;
    private final Layer[] layers;
    private int length;

    /** The encoder's side is kept beyond the caller's tensor scope, as decoding runs one scope per step. */
    T5Cache(T5Block.EncoderSide encoder, int layerCount) {
        Tensor valid = encoder.mask().keyPadding();
        this.encoder = T5Block.EncoderSide.of(keep(encoder.hidden()), valid == null ? null : keep(valid));
        this.layers = new Layer[layerCount];
        for (int i = 0; i < layerCount; i++) {
            layers[i] = new Layer();
        }
    }

    @Override
    public int length() {
        return length;
    }

    T5Block.EncoderSide encoder() {
        return encoder;
    }

    Layer layer(int index) {
        return layers[index];
    }

    void advance(int tokens) {
        length += tokens;
    }

    /**
     * A cache whose row {@code r} is row {@code rows[r]} of this one (beam search keeps the rows of the surviving
     * beams). The encoder side is shared, since every beam of a source reads the same encoder output.
     */
    T5Cache select(int[] rows, T5Block.EncoderSide selectedEncoder) {
        T5Cache out = new T5Cache(selectedEncoder, layers.length);
        out.length = length;
        Tensor index = Tensor.ofInts(rows, rows.length);
        for (int i = 0; i < layers.length; i++) {
            Layer from = layers[i];
            Layer to = out.layers[i];
            if (from.selfKeys != null) {
                to.selfKeys = keep(selectRows(from.selfKeys, index));
                to.selfValues = keep(selectRows(from.selfValues, index));
            }
            if (from.crossKeys != null) {
                to.crossKeys = keep(selectRows(from.crossKeys, index));
                to.crossValues = keep(selectRows(from.crossValues, index));
            }
        }
        return out;
    }

    /** Rows of {@code x [B, ...]} by index: an embedding lookup over the flattened rows. */
    static Tensor selectRows(Tensor x, Tensor index) {
        int[] shape = x.shape().toArray();
        int rowSize = Math.toIntExact(x.numel() / shape[0]);
        shape[0] = index.dim(0);
        return Functional.embedding(x.contiguous().reshape(x.dim(0), rowSize), index).reshape(shape);
    }

    private static Tensor keep(Tensor t) {
        return TensorScope.untracked(t.detach());
    }

    /** One decoder layer's cached keys and values {@code [rows, heads, length, d_kv]}. */
    static final class Layer {
        private Tensor selfKeys;
        private Tensor selfValues;
        private Tensor crossKeys;
        private Tensor crossValues;

        /** Appends the new tokens' keys and values and returns the full ones. */
        Tensor[] appendSelf(Tensor k, Tensor v) {
            Tensor fullK = selfKeys == null ? k : Tensor.concat(List.of(selfKeys, k), 2);
            Tensor fullV = selfValues == null ? v : Tensor.concat(List.of(selfValues, v), 2);
            selfKeys = keep(fullK);
            selfValues = keep(fullV);
            return new Tensor[] {fullK, fullV};
        }

        /** The cross-attention keys and values, projected on first use. */
        Tensor[] cross(Supplier<Tensor[]> project) {
            if (crossKeys == null) {
                Tensor[] kv = project.get();
                crossKeys = keep(kv[0]);
                crossValues = keep(kv[1]);
            }
            return new Tensor[] {crossKeys, crossValues};
        }
    }
}
