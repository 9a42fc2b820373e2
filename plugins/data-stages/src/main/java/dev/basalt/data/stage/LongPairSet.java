package dev.basalt.data.stage;

/** An open-addressing set of 128-bit keys held as two longs: 16 bytes per entry, no boxing. */
final class LongPairSet {

    private long[] high = new long[1 << 10];
    private long[] low = new long[1 << 10];
    private boolean[] used = new boolean[1 << 10];
    private int size;

    /** Adds the key; false when it was already present. */
    boolean add(long h, long l) {
        if ((size + 1) * 4L > used.length * 3L) {
            grow();
        }
        int mask = used.length - 1;
        int slot = (int) Hashing.mix64(h ^ l) & mask;
        while (used[slot]) {
            if (high[slot] == h && low[slot] == l) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        high[slot] = h;
        low[slot] = l;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        boolean[] oldUsed = used;
        high = new long[oldUsed.length * 2];
        low = new long[oldUsed.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                add(oldHigh[i], oldLow[i]);
            }
        }
    }
}
