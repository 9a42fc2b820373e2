package dev.basalt.objectives;

import dev.basalt.api.data.TokenSequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A token stream over an array that remembers where each read started, so a test knows each row's window. */
final class RecordingSequence implements TokenSequence {

    final int[] tokens;
    final List<Integer> starts = new ArrayList<>();

    RecordingSequence(int[] tokens) {
        this.tokens = tokens;
    }

    @Override
    public long length() {
        return tokens.length;
    }

    @Override
    public void read(long position, int[] target, int offset, int count) {
        starts.add((int) position);
        System.arraycopy(tokens, (int) position, target, offset, count);
    }

    /** The window of the {@code row}-th read (counting from 0 since the last {@link #clear}). */
    int[] window(int row, int count) {
        int start = starts.get(row);
        return Arrays.copyOfRange(tokens, start, start + count);
    }

    void clear() {
        starts.clear();
    }
}
