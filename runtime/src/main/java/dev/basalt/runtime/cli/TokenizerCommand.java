package dev.basalt.runtime.cli;

import com.typesafe.config.ConfigUtil;
import dev.basalt.api.BasaltException;
import dev.basalt.api.tokenizer.Encoding;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.train.TokenizerPreparation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code basalt tokenizer train|encode|decode}. */
@Command(name = "tokenizer", description = "Train a tokenizer, or encode and decode with one.",
        subcommands = {TokenizerCommand.Train.class, TokenizerCommand.Encode.class, TokenizerCommand.Decode.class})
final class TokenizerCommand implements Runnable {

    private static final String ENCODE_TOKENIZER = "tokenizer.json, vocab.json + merges.txt, vocab.txt, a SentencePiece"
            + " .model, or a folder with one.";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Trains the family named by {@code tokenizer.type} (from {@code --config}, {@code --type} or {@code --set}) on
     * the input files, read as {@code data.sources}, cleaned by the config's {@code data.stages}.
     */
    @Command(name = "train", description = "Train a tokenizer on text files and write tokenizer.json.")
    static final class Train implements Runnable {

        private static final int BAD_RECORDS_PRINTED = 5;

        @Option(names = "--config", paramLabel = "FILE", description = "A run configuration: its tokenizer and data blocks.")
        Path config;

        @Option(names = "--type", description = "Tokenizer family: byte-bpe, wordpiece or unigram (tokenizer.type).")
        String type;

        @Option(names = "--vocab-size", description = "Vocabulary size, special tokens included (tokenizer.vocab-size).")
        Integer vocabSize;

        @Option(names = "--special-tokens", split = ",", paramLabel = "TOKEN",
                description = "Special tokens, comma separated (tokenizer.special-tokens).")
        List<String> specialTokens;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one value (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default: tokenizer.json).")
        Path output = Path.of("tokenizer.json");

        @Parameters(paramLabel = "INPUT", arity = "0..*",
                description = "Text files (plain, JSONL, CSV, compressed, ...); default: the config's data.sources.")
        List<Path> inputs = new ArrayList<>();

        @Mixin
        PluginOptions pluginOptions;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            List<String> settings = new ArrayList<>();
            if (type != null) {
                settings.add("tokenizer.type=" + ConfigUtil.quoteString(type));
            }
            if (vocabSize != null) {
                settings.add("tokenizer.vocab-size=" + vocabSize);
            }
            if (specialTokens != null) {
                settings.add("tokenizer.special-tokens=" + specialTokens.stream().map(ConfigUtil::quoteString)
                        .collect(Collectors.joining(",", "[", "]")));
            }
            if (!inputs.isEmpty()) {
                for (Path input : inputs) {
                    if (!Files.exists(input)) {
                        throw new BasaltException("Training input " + input + " does not exist.");
                    }
                }
                settings.add("data.sources=" + inputs.stream()
                        .map(p -> "{path=" + ConfigUtil.quoteString(p.toString()) + ", text-unit=line}")
                        .collect(Collectors.joining(",", "[", "]")));
            }
            settings.addAll(overrides);
            PluginRegistry registry = pluginOptions.registry();
            RunConfigLoader loader = new RunConfigLoader(registry);
            RunConfig run = config != null ? loader.load(config, settings) : loader.fromOverrides(settings);
            if (run.resolved().getList("data.sources").isEmpty()) {
                throw new BasaltException("basalt tokenizer train needs text: give input files after the options,"
                        + " or a --config whose data.sources names some.");
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long started = System.nanoTime();
            long[] skipped = {0};
            List<String> firstSkipped = new ArrayList<>();
            Tokenizer tokenizer = new TokenizerPreparation(Assembly.of(registry, run), out).train(bytes -> {
                err.printf(Locale.ROOT, "\rread %.1f MB", bytes / 1e6);
                err.flush();
            }, bad -> {
                if (skipped[0]++ < BAD_RECORDS_PRINTED) {
                    firstSkipped.add(bad);
                }
            });
            err.println();
            // printed only once training succeeded: when nothing could be read, the one error line says it all
            firstSkipped.forEach(bad -> err.println("skipped " + bad));
            if (skipped[0] > 0) {
                err.println("skipped " + skipped[0] + " records that could not be read; the tokenizer did not see them");
            }
            try {
                tokenizer.save(output);
            } catch (IOException e) {
                throw new BasaltException("Cannot write " + output + ": " + e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "trained %s: %d tokens in %.1f s, wrote %s%n", run.resolved().getString("tokenizer.type"),
                    tokenizer.vocabSize(), (System.nanoTime() - started) / 1e9, output);
        }
    }

    /** Encodes each input line and prints one output line for it. */
    @Command(name = "encode", description = "Print the ids (or tokens) of each line of text.")
    static final class Encode implements Runnable {

        @Option(names = "--tokenizer", required = true, paramLabel = "FILE_OR_DIR", description = ENCODE_TOKENIZER)
        Path tokenizer;

        @Option(names = "--tokens", description = "Print token strings instead of ids.")
        boolean tokens;

        @Option(names = "--ids", description = "Print ids (the default).")
        boolean ids;

        @Option(names = "--no-special-tokens", description = "Do not add the tokenizer's special tokens (e.g. [CLS] ... [SEP]).")
        boolean noSpecialTokens;

        @Option(names = "--file", paramLabel = "F", description = "Encode each line of this UTF-8 file.")
        Path file;

        @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to encode, one output line per line.")
        List<String> texts = new ArrayList<>();

        @Mixin
        PluginOptions pluginOptions;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            pluginOptions.registry();
            if (tokens && ids) {
                throw new BasaltException("Choose one of --ids and --tokens.");
            }
            if ((file == null) == texts.isEmpty()) {
                throw new BasaltException("Give either TEXT arguments or --file F to encode.");
            }
            Tokenizer t = Tokenizers.load(tokenizer);
            PrintWriter out = spec.commandLine().getOut();
            if (file != null) {
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        out.println(encoded(t, line));
                    }
                } catch (IOException e) {
                    throw new BasaltException("Cannot read " + file + " as UTF-8 text: " + e.getMessage(), e);
                }
            } else {
                for (String text : texts) {
                    text.lines().forEach(line -> out.println(encoded(t, line)));
                }
            }
            out.flush();
        }

        private String encoded(Tokenizer t, String line) {
            Encoding e = t.encode(line, !noSpecialTokens);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < e.length(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(tokens ? e.tokens()[i] : String.valueOf(e.ids()[i]));
            }
            return sb.toString();
        }
    }

    /** Decodes ids given as arguments, separated by spaces or commas. */
    @Command(name = "decode", description = "Print the text of token ids.")
    static final class Decode implements Runnable {

        @Option(names = "--tokenizer", required = true, paramLabel = "FILE_OR_DIR", description = ENCODE_TOKENIZER)
        Path tokenizer;

        @Option(names = "--skip-special-tokens", description = "Leave special tokens out of the text.")
        boolean skipSpecialTokens;

        @Parameters(paramLabel = "IDS", arity = "1..*", description = "Token ids, e.g. 464 3290 or 464,3290.")
        List<String> ids = new ArrayList<>();

        @Mixin
        PluginOptions pluginOptions;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            pluginOptions.registry();
            Tokenizer t = Tokenizers.load(tokenizer);
            List<Integer> parsed = new ArrayList<>();
            for (String arg : ids) {
                for (String part : arg.split("[,\\s\\[\\]]+")) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    int id;
                    try {
                        id = Integer.parseInt(part);
                    } catch (NumberFormatException e) {
                        throw new BasaltException("'" + part + "' is not a token id; give whole numbers from 0 to "
                                + (t.vocabSize() - 1) + ".");
                    }
                    if (id < 0 || id >= t.vocabSize()) {
                        throw new BasaltException("Token id " + id + " is not in the vocabulary of " + tokenizer
                                + " (ids 0 to " + (t.vocabSize() - 1) + ").");
                    }
                    parsed.add(id);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(t.decode(parsed.stream().mapToInt(Integer::intValue).toArray(), skipSpecialTokens));
            out.flush();
        }
    }
}
