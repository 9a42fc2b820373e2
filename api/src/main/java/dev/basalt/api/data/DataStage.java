package dev.basalt.api.data;

/**
 * One step of the data pipeline, chosen by the {@code type} of an element of {@code data.stages}: cleans,
 * filters or deduplicates documents. A stage sees documents in pipeline order and may keep state across them
 * (a deduplicator remembers what it has seen).
 */
public interface DataStage {

    /** Processes one document. */
    StageResult apply(Document document);
}
