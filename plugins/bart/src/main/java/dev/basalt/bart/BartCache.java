package dev.basalt.bart;

import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.List;
import java.util.function.Supplier;

/**
 * The decoder's state while generating: the encoder's output (computed once), each layer's cross-attention keys and
 * values (projected once from it) and the self-attention keys and values of the tokens decoded so far.
 */
public final class BartCache implements Seq2SeqLanguageModel.DecoderState {

    private final EncoderSide encoder;
    private final Layer[] layers;
    private int length;

    /** The encoder's side is kept beyond the caller's tensor scope, as decoding runs one scope per step. */
    BartCache(EncoderSide encoder, int layerCount) {
        Tensor valid = encoder.mask().keyPadding();
        this.encoder = EncoderSide.of(keep(encoder.hidden()), valid == null ? null : keep(valid));
        this.layers = new Layer[layerCount];
        for (int i = 0; i < layerCount; i++) {
            layers[i] = new Layer();
        }
    }

    @Override
    public int length() {
        return length;
    }

    EncoderSide encoder() {
        return encoder;
    }

    Layer layer(int index) {
        return layers[index];
    }

    void advance(int tokens) {
        length += tokens;
    }

    /** A cache whose row {@code r} is row {@code rows[r]} of this one, encoder side included. */
    BartCache select(int[] rows) {
        Tensor index = Tensor.ofInts(rows, rows.length);
        Tensor valid = encoder.mask().keyPadding();
        BartCache out = new BartCache(EncoderSide.of(selectRows(encoder.hidden(), index),
                valid == null ? null : selectRows(valid, index)), layers.length);
        out.length = length;
        for (int i = 0; i < layers.length; i++) {
            out.layers[i] = layers[i].select(index);
        }
        return out;
    }

    /** Rows of {@code x [B, ...]} by index: an embedding lookup over the flattened rows. */
    private static Tensor selectRows(Tensor x, Tensor index) {
        if (x == null) {
            return null;
        }
        int[] shape = x.shape().toArray();
        int rowSize = Math.toIntExact(x.numel() / shape[0]);
        shape[0] = index.dim(0);
        return Functional.embedding(x.contiguous().reshape(x.dim(0), rowSize), index).reshape(shape);
    }

    private static Tensor keep(Tensor t) {
        return t == null ? null : TensorScope.untracked(t.detach());
    }

    /** What cross-attention reads: the encoder's output and which of its positions are real. */
    record EncoderSide(Tensor hidden, AttentionMask mask) {
        /** {@code keyValid [B, T]} is 1 for real encoder tokens, or null when none is padded. */
        static EncoderSide of(Tensor hidden, Tensor keyValid) {
            return new EncoderSide(hidden, keyValid == null ? AttentionMask.none()
                    : AttentionMask.none().withKeyPadding(keyValid));
        }
    }

    /** One decoder layer's cached keys and values {@code [rows, heads, length, d]}. */
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

        private Layer select(Tensor index) {
            Layer to = new Layer();
            to.selfKeys = keep(selectRows(selfKeys, index));
            to.selfValues = keep(selectRows(selfValues, index));
            to.crossKeys = keep(selectRows(crossKeys, index));
            to.crossValues = keep(selectRows(crossValues, index));
            return to;
        }
    }
}
