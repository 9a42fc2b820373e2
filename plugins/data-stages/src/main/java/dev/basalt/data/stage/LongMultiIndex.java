package dev.basalt.data.stage;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A multimap from long keys to int values without boxing: an open-addressing table of distinct keys, each
 * pointing to a chain of entries. Used for the LSH band buckets: about 20 bytes per entry.
 */
final class LongMultiIndex {

    private long[] tableKeys = new long[1 << 12];
    private int[] tableHeads = filled(1 << 12);
    private int distinct;
    private int[] entryValues = new int[1 << 12];
    private int[] entryNext = new int[1 << 12];
    private int entries;

    void put(long key, int value) {
        if ((distinct + 1) * 4L > tableKeys.length * 3L) {
            grow();
        }
        int slot = find(key);
        if (tableHeads[slot] < 0) {
            tableKeys[slot] = key;
            distinct++;
        }
        if (entries == entryValues.length) {
            entryValues = Arrays.copyOf(entryValues, entries * 2);
            entryNext = Arrays.copyOf(entryNext, entries * 2);
        }
        entryValues[entries] = value;
        entryNext[entries] = tableHeads[slot];
        tableHeads[slot] = entries++;
    }

    void forEach(long key, IntConsumer action) {
        for (int e = tableHeads[find(key)]; e >= 0; e = entryNext[e]) {
            action.accept(entryValues[e]);
        }
    }

    private int find(long key) {
        int mask = tableKeys.length - 1;
        int slot = (int) Hashing.mix64(key) & mask;
        while (tableHeads[slot] >= 0 && tableKeys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = tableKeys;
        int[] oldHeads = tableHeads;
        tableKeys = new long[oldKeys.length * 2];
        tableHeads = filled(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldHeads[i] >= 0) {
                int slot = find(oldKeys[i]);
                tableKeys[slot] = oldKeys[i];
                tableHeads[slot] = oldHeads[i];
            }
        }
    }

    private static int[] filled(int n) {
        int[] array = new int[n];
        Arrays.fill(array, -1);
        return array;
    }
}
