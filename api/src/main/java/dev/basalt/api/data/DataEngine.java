package dev.basalt.api.data;

import com.typesafe.config.Config;
import dev.basalt.api.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the {@code data} section of a run: reads {@code data.sources}, applies the {@code data.stages}, tokenizes
 * and writes packed shards. Chosen by {@code data.engine} ({@code local} runs in this process).
 */
public interface DataEngine {

    /**
     * The cleaned documents' texts, in a stable order, stopping after about {@code maxBytes} bytes of text: what a
     * tokenizer is trained on. Records that cannot be read are skipped.
     */
    Iterable<String> texts(Config data, List<DataStage> stages, long maxBytes);

    /**
     * As {@link #texts(Config, List, long)}, and tells {@code badRecords} about each record that could not be read
     * and was skipped, as {@code file:line: reason} (for example {@code notes.txt:7: invalid UTF-8}). The default
     * reports none.
     */
    default Iterable<String> texts(Config data, List<DataStage> stages, long maxBytes, Consumer<String> badRecords) {
        return texts(data, stages, maxBytes);
    }

    /**
     * Writes packed shards of the corpus into {@code folder}, each document followed by the {@code data.eos-token} id,, or reuses them when a complete earlier preparation of
     * the same configuration and tokenizer is there, and opens them.
     *
     * @param progress receives one line per progress report
     */
    PreparedCorpus prepare(Config data, List<DataStage> stages, Tokenizer tokenizer, Path folder,
                           Consumer<String> progress);

    /** Token streams of a prepared corpus; documents are separated by the end-of-text id. */
    interface PreparedCorpus extends AutoCloseable {
        TokenSequence train();

        TokenSequence validation();

        @Override
        void close();
    }
}
