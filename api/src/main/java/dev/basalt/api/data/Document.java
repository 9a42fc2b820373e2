package dev.basalt.api.data;

import java.util.Objects;

/**
 * One document flowing through the data pipeline.
 *
 * @param id     stable identifier, unique within a run (source file plus line or record number)
 * @param source where the document came from, for reports
 * @param text   the document text
 */
public record Document(String id, String source, String text) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }

    /** The same document with other text. */
    public Document withText(String newText) {
        return new Document(id, source, newText);
    }
}
