package dev.basalt.tokenizers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.TokenizerTrainer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * The logic of {@code basalt tokenizer train|encode|decode}, for a thin command-line wrapper: every method
 * writes its results to {@code out}, progress to {@code err}, and reports user errors as
 * {@link BasaltException}.
 */
public final class TokenizerCommands {
    private TokenizerCommands() {
    }

    /** The families {@link #train} knows. */
    public static final List<String> TYPES = List.of("byte-bpe", "wordpiece", "unigram");

    /** What {@code encode} prints for each line. */
    public enum Output { IDS, TOKENS }

    /**
     * Trains a tokenizer and writes it as tokenizer.json.
     *
     * @param type          {@code byte-bpe}, {@code wordpiece} or {@code unigram}
     * @param block         the {@code tokenizer} block of a config (may be empty); flags below override it
     * @param vocabSize     from {@code --vocab-size}, or null
     * @param specialTokens from {@code --special-tokens}, or null
     * @param inputs        text files (.txt, or .gz), read line by line, streaming
     * @param output        the tokenizer.json to write (atomically)
     * @return the trained tokenizer
     */
    public static Tokenizer train(String type, Config block, Integer vocabSize, List<String> specialTokens,
                                  List<Path> inputs, Path output, PrintWriter out, PrintWriter err) {
        if (!TYPES.contains(type)) {
            throw new BasaltException("Unknown tokenizer type '" + type + "'; valid types: " + String.join(", ", TYPES) + ".");
        }
        if (inputs.isEmpty()) {
            throw new BasaltException("basalt tokenizer train needs at least one input text file.");
        }
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) {
                throw new BasaltException("Training input " + p + " does not exist or is not a file.");
            }
        }
        Config c = block == null ? ConfigFactory.empty() : block.withoutPath("type");
        if (vocabSize != null) {
            c = c.withValue("vocab-size", ConfigValueFactory.fromAnyRef(vocabSize));
        }
        if (specialTokens != null) {
            c = c.withValue("special-tokens", ConfigValueFactory.fromIterable(specialTokens));
        }
        Config defaults = ConfigFactory.parseResources(TokenizerCommands.class.getClassLoader(), "reference.conf")
                .getConfig("basalt.tokenizer.\"" + type + "\"");
        for (String key : c.root().keySet()) {
            if (!defaults.hasPath(key)) {
                throw new BasaltException("tokenizer." + key + " is not a setting of " + type + "; valid: "
                        + String.join(", ", defaults.root().keySet()) + ".");
            }
        }
        TrainerSettings settings = TrainerSettings.fromConfig(c.withFallback(defaults), type);
        TokenizerTrainer trainer = switch (type) {
            case "byte-bpe" -> new BpeTokenizerTrainer(settings);
            case "wordpiece" -> new WordPieceTokenizerTrainer(settings);
            default -> new UnigramTokenizerTrainer(settings);
        };
        long started = System.nanoTime();
        Tokenizer t = trainer.train(lines(inputs), bytes -> {
            err.printf(Locale.ROOT, "\rread %.1f MB", bytes / 1e6);
            err.flush();
        });
        err.println();
        try {
            t.save(output);
        } catch (IOException e) {
            throw new BasaltException("Cannot write " + output + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "trained %s with %d tokens in %.1f s, wrote %s%n", type, t.vocabSize(),
                (System.nanoTime() - started) / 1e9, output);
        out.flush();
        return t;
    }

    /**
     * Encodes each text (or each line of {@code file} when given) and prints one line per input line: ids
     * or tokens separated by spaces.
     */
    public static void encode(Path tokenizer, Output mode, List<String> texts, Path file, boolean addSpecialTokens,
                              PrintWriter out) {
        PipelineTokenizer t = TokenizerFiles.read(tokenizer);
        Iterable<String> input = file != null ? lines(List.of(requireFile(file))) : texts;
        for (String text : input) {
            var e = t.encode(text, addSpecialTokens);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.length(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                if (mode == Output.IDS) {
                    sb.append(e.ids()[i]);
                } else {
                    sb.append(e.tokens()[i]);
                }
            }
            out.println(sb);
        }
        out.flush();
    }

    /** Decodes ids given as separate arguments or comma/space separated, and prints the text. */
    public static void decode(Path tokenizer, List<String> ids, boolean skipSpecialTokens, PrintWriter out) {
        PipelineTokenizer t = TokenizerFiles.read(tokenizer);
        List<Integer> parsed = new ArrayList<>();
        for (String arg : ids) {
            for (String part : arg.split("[,\\s\\[\\]]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                try {
                    parsed.add(Integer.parseInt(part));
                } catch (NumberFormatException e) {
                    throw new BasaltException("'" + part + "' is not a token id; give whole numbers from 0 to "
                            + (t.vocabSize() - 1) + ".");
                }
            }
        }
        int[] array = parsed.stream().mapToInt(Integer::intValue).toArray();
        for (int id : array) {
            if (id < 0 || t.idToToken(id) == null) {
                throw new BasaltException("Token id " + id + " is not in the vocabulary of " + tokenizer + " (ids 0 to "
                        + (t.vocabSize() - 1) + ").");
            }
        }
        out.println(t.decode(array, skipSpecialTokens));
        out.flush();
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BasaltException("Input file " + file + " does not exist or is not a file.");
        }
        return file;
    }

    /** The lines of the files, one file open at a time; .gz files are decompressed. */
    static Iterable<String> lines(List<Path> files) {
        return () -> new Iterator<>() {
            private int index;
            private BufferedReader reader;
            private String next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        if (reader == null) {
                            if (index >= files.size()) {
                                return false;
                            }
                            Path f = files.get(index++);
                            InputStream in = Files.newInputStream(f);
                            if (f.getFileName().toString().endsWith(".gz")) {
                                in = new GZIPInputStream(in);
                            }
                            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                        }
                        next = reader.readLine();
                        if (next == null) {
                            reader.close();
                            reader = null;
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String s = next;
                next = null;
                return s;
            }
        };
    }
}
