package dev.basalt.api.data;

/**
 * One step of the data pipeline, chosen by the {@code type} of an element of {@code data.stages}: cleans,
 * filters or deduplicates documents. A stage sees documents in pipeline order and may keep state across them
 * (a deduplicator remembers what it has seen).
 */
public interface DataStage {

    /** Processes one document. */
    StageResult apply(Document document);

    /**
     * Whether {@link #apply} may be called from several threads at once. A stage that keeps no state between
     * documents (a cleaner, a filter) says yes and the pipeline runs it in parallel, keeping document order;
     * a stage that remembers documents (a deduplicator) keeps the default and sees documents one at a time,
     * in pipeline order.
     */
    default boolean threadSafe() {
        return false;
    }
}
