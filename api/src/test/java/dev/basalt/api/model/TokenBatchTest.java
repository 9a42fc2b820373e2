package dev.basalt.api.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBatchTest {

    @Test
    void aSingleStackBatchPredictsOneTargetPerInput() {
        TokenBatch batch = new TokenBatch(2, 3, new int[6], new int[6]);
        assertEquals(3, batch.targetLength());
        assertFalse(batch.isSeq2Seq());
        assertNull(batch.decoderInputs());
        assertNull(batch.keyValid());
        assertThrows(IllegalArgumentException.class, () -> new TokenBatch(2, 3, new int[6], new int[5]));
    }

    @Test
    void shiftingRightStartsWithTheStartIdAndTurnsIgnoredTargetsIntoPad() {
        int pad = 0;
        int start = 7;
        int[] targets = {
            11, 12, 13, 1, TokenBatch.IGNORE,
            21, 1, TokenBatch.IGNORE, TokenBatch.IGNORE, TokenBatch.IGNORE};
        int[] expected = {
            7, 11, 12, 13, 1,
            7, 21, 1, 0, 0};
        assertArrayEquals(expected, TokenBatch.shiftRight(targets, 2, 5, start, pad));
        assertArrayEquals(new int[0], TokenBatch.shiftRight(new int[0], 3, 0, start, pad));
    }

    @Test
    void anEncoderDecoderBatchChecksEveryShape() {
        int[] targets = {5, 6, 1, 8, 1, TokenBatch.IGNORE};
        int[] decoder = TokenBatch.shiftRight(targets, 2, 3, 0, 0);
        TokenBatch batch = TokenBatch.seq2seq(2, 4, new int[8], new int[] {1, 1, 1, 0, 1, 1, 0, 0}, 3, decoder, targets);
        assertTrue(batch.isSeq2Seq());
        assertEquals(4, batch.length());
        assertEquals(3, batch.targetLength());
        assertThrows(IllegalArgumentException.class,
                () -> TokenBatch.seq2seq(2, 4, new int[8], new int[7], 3, decoder, targets), "keyValid size");
        assertThrows(IllegalArgumentException.class,
                () -> TokenBatch.seq2seq(2, 4, new int[8], new int[] {1, 1, 1, 2, 1, 1, 0, 0}, 3, decoder, targets),
                "keyValid holds 0 or 1");
        assertThrows(IllegalArgumentException.class,
                () -> TokenBatch.seq2seq(2, 4, new int[8], null, 3, new int[5], targets), "decoder inputs size");
        assertThrows(IllegalArgumentException.class,
                () -> new TokenBatch(2, 4, new int[8], targets, null, 3, null), "no decoder inputs: one target per input");
    }
}
