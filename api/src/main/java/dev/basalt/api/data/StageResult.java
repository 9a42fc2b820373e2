package dev.basalt.api.data;

import java.util.Objects;

/** What a {@link DataStage} did with one document: kept it (perhaps rewritten) or removed it, and why. */
public sealed interface StageResult {

    /** The document continues down the pipeline. */
    record Kept(Document document) implements StageResult {
        public Kept {
            Objects.requireNonNull(document, "document");
        }
    }

    /** The document is dropped; {@code reason} is a short key that reports count by, such as {@code too-short}. */
    record Removed(String reason) implements StageResult {
        public Removed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static StageResult keep(Document document) {
        return new Kept(document);
    }

    static StageResult remove(String reason) {
        return new Removed(reason);
    }
}
