package dev.basalt.data.pipeline;

import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs the stages over the whole corpus at once instead of batch by batch in this process: the hook through which
 * another engine (the data-spark plugin) distributes them, while reading, the split, tokenization, shard writing
 * and the manifest stay the {@link DataPipeline}'s.
 */
public interface CorpusStageRunner {

    /**
     * @param documents every document read, in source order
     * @param stages    the run's stages, in order
     * @param tally     receives what each stage saw and did
     * @return the documents that passed every stage, as the stages left them, in source order
     */
    Iterator<Document> run(List<Document> documents, List<DataStage> stages, Tally tally);

    /** Adds to the counts of one stage, reported in the manifest like the in-process engine's. */
    interface Tally {
        /**
         * @param stage   index of the stage in {@code data.stages}
         * @param in      documents it saw
         * @param kept    documents it passed on
         * @param removed removed documents by reason
         * @param chars   characters of the documents it saw
         * @param nanos   time spent in it
         */
        void add(int stage, long in, long kept, Map<String, Long> removed, long chars, long nanos);
    }
}
