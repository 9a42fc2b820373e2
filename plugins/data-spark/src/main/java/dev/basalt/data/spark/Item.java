package dev.basalt.data.spark;

import dev.basalt.api.data.Document;

import java.io.Serializable;

/**
 * A document on its way through the stages on Spark, with its place in source order. A removed document stays
 * as a tombstone without text, so that the stages' counts come from the data itself, exactly, whatever Spark
 * recomputes.
 *
 * @param ordinal   position in source order
 * @param removedAt index of the stage that removed it, or -1 while it is alive
 * @param reason    why that stage removed it
 * @param charsIn   characters of its text as it entered each stage it reached
 */
record Item(long ordinal, String id, String source, String text, int removedAt, String reason, int[] charsIn)
        implements Serializable {

    static Item of(long ordinal, Document document, int stages) {
        return new Item(ordinal, document.id(), document.source(), document.text(), -1, null, new int[stages]);
    }

    boolean alive() {
        return removedAt < 0;
    }

    Document document() {
        return new Document(id, source, text);
    }

    /** This document after stage {@code stage} kept it, with the text that stage left. */
    Item passed(int stage, String newText) {
        return new Item(ordinal, id, source, newText, -1, null, entered(stage));
    }

    /** A tombstone of this document, removed by stage {@code stage}. */
    Item removed(int stage, String why) {
        return new Item(ordinal, id, source, null, stage, why, entered(stage));
    }

    private int[] entered(int stage) {
        int[] chars = charsIn.clone();
        chars[stage] = text.length();
        return chars;
    }
}
