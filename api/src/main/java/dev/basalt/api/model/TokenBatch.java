package dev.basalt.api.model;

/**
 * One batch of token windows, row-major {@code [rows, length]}.
 *
 * @param rows     sequences in the batch
 * @param length   tokens per sequence
 * @param inputs   the ids the model reads
 * @param targets  the ids it must predict at each position, {@link #IGNORE} where no loss is taken
 */
public record TokenBatch(int rows, int length, int[] inputs, int[] targets) {

    /** The target value that contributes no loss (PyTorch's and Hugging Face's -100). */
    public static final int IGNORE = -100;

    public TokenBatch {
        if (inputs.length != rows * length || targets.length != rows * length) {
            throw new IllegalArgumentException("a [" + rows + ", " + length + "] batch needs " + rows * length
                    + " inputs and targets, got " + inputs.length + " and " + targets.length);
        }
    }
}
