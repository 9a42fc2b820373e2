package dev.basalt.api.model;

import dev.basalt.api.tensor.AttentionMask;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.List;
import java.util.function.Supplier;

/**
 * The decoder state of an encoder-decoder while generating (what {@link Seq2SeqLanguageModel#encode} returns): the
 * encoder's output (computed once), each decoder layer's cross-attention keys and values (projected once from it) and
 * the self-attention keys and values of the tokens decoded so far. Tensors it holds outlive the caller's
 * {@link TensorScope}, as decoding runs one scope per step.
 */
public final class EncoderDecoderCache implements Seq2SeqLanguageModel.DecoderState {

    private final EncoderSide encoder;
    private final Layer[] layers;
    private int length;

    /**
     * @param encoder    the encoder's output and its mask
     * @param layerCount decoder layers, one cache entry each
     */
    public EncoderDecoderCache(EncoderSide encoder, int layerCount) {
        Tensor valid = encoder.mask().keyPadding();
        this.encoder = EncoderSide.of(keep(encoder.hidden()), keep(valid));
        this.layers = new Layer[layerCount];
        for (int i = 0; i < layerCount; i++) {
            layers[i] = new Layer();
        }
    }

    /** Decoder tokens held per row. */
    @Override
    public int length() {
        return length;
    }

    /** What cross-attention reads. */
    public EncoderSide encoder() {
        return encoder;
    }

    /** The cached keys and values of decoder layer {@code index}. */
    public Layer layer(int index) {
        return layers[index];
    }

    /** Counts {@code tokens} more decoded tokens per row, once every layer has appended them. */
    public void advance(int tokens) {
        length += tokens;
    }

    /**
     * A cache whose row {@code r} is row {@code rows[r]} of this one, encoder side included (beam search keeps the
     * rows of the surviving beams); this one stays usable.
     */
    public EncoderDecoderCache select(int[] rows) {
        Tensor index = Tensor.ofInts(rows, rows.length);
        EncoderDecoderCache out = new EncoderDecoderCache(EncoderSide.of(selectRows(encoder.hidden(), index),
                selectRows(encoder.mask().keyPadding(), index)), layers.length);
        out.length = length;
        for (int i = 0; i < layers.length; i++) {
            out.layers[i] = layers[i].select(index);
        }
        return out;
    }

    /** The batch's encoder key validity as a {@code [rows, length]} tensor (1 real, 0 padding), or null when none is padded. */
    public static Tensor keyValid(TokenBatch batch) {
        if (batch.keyValid() == null) {
            return null;
        }
        float[] valid = new float[batch.keyValid().length];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = batch.keyValid()[i];
        }
        return Tensor.of(valid, batch.rows(), batch.length());
    }

    /** Rows of {@code x [B, ...]} by index (null stays null): an embedding lookup over the flattened rows. */
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

    /**
     * What cross-attention reads: the encoder's output {@code [B, T, D]} and a mask hiding its padded positions.
     *
     * @param hidden the encoder's output
     * @param mask   {@link AttentionMask#none()}, or with the key padding of the encoder's input
     */
    public record EncoderSide(Tensor hidden, AttentionMask mask) {
        /** {@code keyValid [B, T]} is 1 for real encoder tokens, or null when none is padded. */
        public static EncoderSide of(Tensor hidden, Tensor keyValid) {
            return new EncoderSide(hidden, keyValid == null ? AttentionMask.none()
                    : AttentionMask.none().withKeyPadding(keyValid));
        }
    }

    /** One decoder layer's cached keys and values {@code [rows, heads, length, headWidth]}. */
    public static final class Layer {
        private Tensor selfKeys;
        private Tensor selfValues;
        private Tensor crossKeys;
        private Tensor crossValues;

        /** Appends the new tokens' self-attention keys and values and returns all of them. */
        public Tensor[] appendSelf(Tensor k, Tensor v) {
            Tensor fullK = selfKeys == null ? k : Tensor.concat(List.of(selfKeys, k), 2);
            Tensor fullV = selfValues == null ? v : Tensor.concat(List.of(selfValues, v), 2);
            selfKeys = keep(fullK);
            selfValues = keep(fullV);
            return new Tensor[] {fullK, fullV};
        }

        /** The cross-attention keys and values, projected by {@code project} on first use. */
        public Tensor[] cross(Supplier<Tensor[]> project) {
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
