package dev.basalt.data.source;

import dev.basalt.api.data.Document;

/** Receives what a source file yields, in file order. */
public interface RecordVisitor {

    /** A document that was read. */
    void document(Document document);

    /** A record that was skipped because it could not be read. */
    void bad(BadRecord record);
}
