package dev.basalt.api.model;

/**
 * One batch of token rows, row-major.
 *
 * <p>A batch for one stack (decoders, encoders) has {@code inputs} and {@code targets} of the same shape
 * {@code [rows, length]}: the target at a position is what the model must predict there. A batch for an
 * encoder-decoder ({@link #isSeq2Seq()}) has encoder {@code inputs [rows, length]} and, for the decoder,
 * {@code decoderInputs} and {@code targets} of shape {@code [rows, targetLength]}: the decoder reads
 * {@code decoderInputs} (the targets shifted right, see {@link #shiftRight}) and predicts {@code targets}.
 *
 * @param rows          sequences in the batch
 * @param length        tokens per row of {@code inputs}
 * @param inputs        the ids the model (its encoder, for an encoder-decoder) reads, {@code [rows, length]}
 * @param targets       the ids it must predict at each position, {@link #IGNORE} where no loss is taken;
 *                      {@code [rows, targetLength]}
 * @param keyValid      {@code [rows, length]}, 1 for real input tokens and 0 for padding (hidden from attention);
 *                      null when no row of {@code inputs} is padded
 * @param targetLength  positions per row of {@code targets} and {@code decoderInputs}; equals {@code length} when
 *                      there are no decoder inputs
 * @param decoderInputs the ids the decoder of an encoder-decoder reads, {@code [rows, targetLength]}; null for a
 *                      single-stack batch
 */
public record TokenBatch(int rows, int length, int[] inputs, int[] targets, int[] keyValid, int targetLength,
                         int[] decoderInputs) {

    /** The target value that contributes no loss (PyTorch's and Hugging Face's -100). */
    public static final int IGNORE = -100;

    public TokenBatch {
        if (rows < 0 || length < 0 || targetLength < 0) {
            throw new IllegalArgumentException("a batch needs non-negative sizes, got rows " + rows + ", length "
                    + length + ", target length " + targetLength);
        }
        if (inputs.length != rows * length) {
            throw new IllegalArgumentException("a [" + rows + ", " + length + "] batch needs " + rows * length
                    + " inputs, got " + inputs.length);
        }
        if (targets.length != rows * targetLength) {
            throw new IllegalArgumentException("a batch of " + rows + " rows with " + targetLength + " target positions"
                    + " needs " + rows * targetLength + " targets, got " + targets.length);
        }
        if (keyValid != null) {
            if (keyValid.length != rows * length) {
                throw new IllegalArgumentException("keyValid of a [" + rows + ", " + length + "] batch needs "
                        + rows * length + " values, got " + keyValid.length);
            }
            for (int v : keyValid) {
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException("keyValid holds 0 or 1, got " + v);
                }
            }
        }
        if (decoderInputs == null) {
            if (targetLength != length) {
                throw new IllegalArgumentException("a batch without decoder inputs predicts one target per input, but"
                        + " length is " + length + " and target length " + targetLength);
            }
        } else if (decoderInputs.length != rows * targetLength) {
            throw new IllegalArgumentException("decoder inputs of " + rows + " rows with " + targetLength
                    + " positions need " + rows * targetLength + " ids, got " + decoderInputs.length);
        }
    }

    /** A single-stack batch: {@code inputs} and {@code targets} both {@code [rows, length]}, no padding. */
    public TokenBatch(int rows, int length, int[] inputs, int[] targets) {
        this(rows, length, inputs, targets, null, length, null);
    }

    /**
     * An encoder-decoder batch.
     *
     * @param inputs        encoder ids {@code [rows, length]}
     * @param keyValid      1 for real encoder tokens, 0 for padding; null when no row is padded
     * @param decoderInputs decoder ids {@code [rows, targetLength]}
     * @param targets       ids the decoder predicts, {@code [rows, targetLength]}, {@link #IGNORE} for no loss
     */
    public static TokenBatch seq2seq(int rows, int length, int[] inputs, int[] keyValid, int targetLength,
                                     int[] decoderInputs, int[] targets) {
        return new TokenBatch(rows, length, inputs, targets, keyValid, targetLength, decoderInputs);
    }

    /** True for an encoder-decoder batch, which carries decoder inputs. */
    public boolean isSeq2Seq() {
        return decoderInputs != null;
    }

    /**
     * Decoder inputs for teacher forcing: each row of {@code targets} shifted one position right, starting with
     * {@code startId}; an {@link #IGNORE} target that moves into the inputs becomes {@code padId}, since it is not
     * an id the model can read (Hugging Face's {@code shift_tokens_right}).
     *
     * @param targets row-major {@code [rows, targetLength]}
     */
    public static int[] shiftRight(int[] targets, int rows, int targetLength, int startId, int padId) {
        if (targets.length != rows * targetLength) {
            throw new IllegalArgumentException("[" + rows + ", " + targetLength + "] targets need "
                    + rows * targetLength + " ids, got " + targets.length);
        }
        int[] shifted = new int[targets.length];
        for (int r = 0; r < rows; r++) {
            int row = r * targetLength;
            if (targetLength > 0) {
                shifted[row] = startId;
            }
            for (int t = 1; t < targetLength; t++) {
                int previous = targets[row + t - 1];
                shifted[row + t] = previous == IGNORE ? padId : previous;
            }
        }
        return shifted;
    }
}
