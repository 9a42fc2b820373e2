package dev.basalt.tokenizers;

import dev.basalt.api.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects tokens of one sequence as they are produced. */
final class EncodingBuilder {
    private int[] ids = new int[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int[] special = new int[64];
    private final List<String> tokens = new ArrayList<>();
    private int size;

    void add(int id, String token, int start, int end, boolean isSpecial) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            starts = Arrays.copyOf(starts, cap);
            ends = Arrays.copyOf(ends, cap);
            special = Arrays.copyOf(special, cap);
        }
        ids[size] = id;
        starts[size] = start;
        ends[size] = end;
        special[size] = isSpecial ? 1 : 0;
        tokens.add(token);
        size++;
    }

    Encoding build(int typeId) {
        int[] types = new int[size];
        Arrays.fill(types, typeId);
        int[] mask = new int[size];
        Arrays.fill(mask, 1);
        return new Encoding(Arrays.copyOf(ids, size), tokens.toArray(new String[0]), types,
                Arrays.copyOf(starts, size), Arrays.copyOf(ends, size), mask, Arrays.copyOf(special, size));
    }
}
