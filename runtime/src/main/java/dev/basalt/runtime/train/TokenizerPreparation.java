package dev.basalt.runtime.train;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.TokenizerTrainer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.runtime.assembly.Assembly;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * The run's tokenizer: the one saved in the run folder (a resumed run must tokenize exactly as before), else the
 * file named by {@code tokenizer.path}, else one trained by {@code tokenizer.type} on the cleaned corpus and saved.
 */
public final class TokenizerPreparation {

    private final Assembly assembly;
    private final PrintWriter out;

    public TokenizerPreparation(Assembly assembly, PrintWriter out) {
        this.assembly = assembly;
        this.out = out;
    }

    /** The tokenizer of a run whose files go to {@code runFolder}, saved there as tokenizer.json. */
    public Tokenizer prepare(Path runFolder) throws IOException {
        Config config = assembly.config().resolved();
        Config block = config.getConfig("tokenizer");
        Path saved = runFolder.resolve("tokenizer.json");
        if (Files.isRegularFile(saved)) {
            return report(Tokenizers.load(saved), "the run's " + saved);
        }
        Tokenizer tokenizer;
        String source;
        if (!block.getString("path").isBlank()) {
            Path path = Path.of(block.getString("path"));
            tokenizer = Tokenizers.load(path);
            source = path.toString();
        } else {
            long started = System.nanoTime();
            // bad records are counted and reported when the shards are prepared
            tokenizer = train(read -> { }, bad -> { });
            source = String.format(Locale.ROOT, "trained (%s) in %.1fs", assembly.config()
                    .selection(ExtensionPoint.TOKENIZER).orElseThrow(), (System.nanoTime() - started) / 1e9);
            if (block.hasPath("vocab-size") && tokenizer.vocabSize() < block.getInt("vocab-size")) {
                source += "; the text gave fewer ids than tokenizer.vocab-size = " + block.getInt("vocab-size")
                        + " (more text, or tokenizer.train-bytes, gives more)";
            }
        }
        String eos = config.getString("data.eos-token");
        if (tokenizer.tokenId(eos).isEmpty()) {
            throw new BasaltException("The tokenizer (" + source + ") has no end-of-text token '" + eos
                    + "'; set data.eos-token to one of its special tokens.");
        }
        tokenizer.save(saved);
        return report(tokenizer, source);
    }

    /**
     * Trains the {@code tokenizer.type} family on the first {@code tokenizer.train-bytes} bytes of the cleaned
     * corpus: {@code data.sources} through {@code data.stages}.
     *
     * @param progress   told the bytes read so far
     * @param badRecords told each record that could not be read and was skipped ({@code file:line: reason})
     */
    public Tokenizer train(LongConsumer progress, Consumer<String> badRecords) {
        Config config = assembly.config().resolved();
        TokenizerTrainer trainer = assembly.component(ExtensionPoint.TOKENIZER);
        DataEngine engine = assembly.component(ExtensionPoint.DATA_ENGINE);
        long[] skipped = {0};
        String[] firstSkipped = {null};
        Iterable<String> texts = engine.texts(config.getConfig("data"), assembly.components(ExtensionPoint.DATA_STAGE),
                config.getLong("tokenizer.train-bytes"), bad -> {
                    if (skipped[0]++ == 0) {
                        firstSkipped[0] = bad;
                    }
                    badRecords.accept(bad);
                });
        if (!texts.iterator().hasNext()) {
            String sources = config.getConfigList("data.sources").stream().map(s -> s.getString("path"))
                    .collect(Collectors.joining(", "));
            throw new BasaltException("No text to train the tokenizer on in " + sources + (skipped[0] == 0
                    ? ": it is empty, or data.stages dropped every document."
                    : ": " + skipped[0] + " records could not be read (the first " + firstSkipped[0]
                    + ") and nothing else remained; give UTF-8 text."));
        }
        return trainer.train(texts, progress);
    }

    private Tokenizer report(Tokenizer tokenizer, String source) {
        out.println("tokenizer: " + tokenizer.vocabSize() + " ids, " + source);
        return tokenizer;
    }
}
