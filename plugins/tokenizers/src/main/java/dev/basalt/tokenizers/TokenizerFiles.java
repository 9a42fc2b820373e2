package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.TokenizerLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads every tokenizer file this plugin knows: {@code tokenizer.json}, GPT-2's {@code vocab.json} +
 * {@code merges.txt}, BERT's {@code vocab.txt} and SentencePiece {@code .model}, or a folder holding one.
 * Registered as the {@link TokenizerLoader} service.
 */
public final class TokenizerFiles implements TokenizerLoader {

    @Override
    public boolean canLoad(Path path) {
        if (Files.isDirectory(path)) {
            return pick(path) != null;
        }
        String name = path.getFileName().toString();
        return name.endsWith(".json") || name.endsWith(".txt") || name.endsWith(".model");
    }

    @Override
    public Tokenizer load(Path path) {
        return read(path);
    }

    /**
     * Reads a tokenizer from a file or folder.
     *
     * @throws BasaltException naming the file and the problem
     */
    public static PipelineTokenizer read(Path path) {
        if (!Files.exists(path)) {
            throw new BasaltException("Tokenizer file or folder " + path + " does not exist.");
        }
        Path file = Files.isDirectory(path) ? pick(path) : path;
        if (file == null) {
            throw new BasaltException("Folder " + path + " holds no tokenizer file: expected tokenizer.json, "
                    + "vocab.json + merges.txt, vocab.txt or a SentencePiece .model.");
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".model")) {
            return SentencePieceModel.load(file);
        }
        if (name.equals("vocab.json") || name.equals("encoder.json") || name.equals("merges.txt") || name.equals("vocab.bpe")) {
            Path dir = file.toAbsolutePath().getParent();
            Path vocab = firstExisting(dir, "vocab.json", "encoder.json");
            Path merges = firstExisting(dir, "merges.txt", "vocab.bpe");
            if (vocab == null || merges == null) {
                throw new BasaltException("GPT-2 style tokenizer in " + dir + " needs both vocab.json (or encoder.json) and "
                        + "merges.txt (or vocab.bpe); " + (vocab == null ? "the vocabulary" : "the merges") + " file is missing.");
            }
            return byteLevelBpe(vocab, merges);
        }
        if (name.endsWith(".txt")) {
            return bertVocab(file);
        }
        return TokenizerJson.load(file);
    }

    private static Path pick(Path dir) {
        for (String name : List.of("tokenizer.json", "vocab.json", "encoder.json", "vocab.txt", "tokenizer.model", "spiece.model")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".model")).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Path firstExisting(Path dir, String... names) {
        for (String name : names) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    /** GPT-2's original pair of files, with {@code <|endoftext|>} as a special token when the vocab has it. */
    static PipelineTokenizer byteLevelBpe(Path vocabFile, Path mergesFile) {
        String vocabText = readText(vocabFile);
        Object parsed;
        try {
            parsed = Json.parse(vocabText);
        } catch (Json.SyntaxError e) {
            throw new BasaltException("Tokenizer file " + vocabFile + " is not valid JSON at "
                    + Json.lineAndColumn(vocabText, e.position) + ": " + e.getMessage() + ".");
        }
        JsonReader r = new JsonReader(vocabFile.toString());
        if (!(parsed instanceof Map<?, ?>)) {
            throw r.error("the vocabulary must be a JSON object of token to id");
        }
        @SuppressWarnings("unchecked")
        Vocab vocab = TokenizerJson.vocab(Map.of("vocab", (Map<String, Object>) parsed), r);
        List<String[]> merges = new ArrayList<>();
        String[] lines = readText(mergesFile).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            int space = line.indexOf(' ', 1);
            if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
                throw new BasaltException("Tokenizer file " + mergesFile + ", line " + (i + 1) + ": '" + line
                        + "' must be two tokens separated by one space.");
            }
            merges.add(new String[] {line.substring(0, space), line.substring(space + 1)});
        }
        BpeModel model = new BpeModel(vocab, merges, null, null, null, false, false, false, mergesFile.toString());
        List<AddedToken> added = new ArrayList<>();
        int eot = vocab.id("<|endoftext|>");
        if (eot >= 0) {
            added.add(new AddedToken(eot, "<|endoftext|>", false, false, false, true, true));
        }
        return new PipelineTokenizer(null, new PreTokenizers.ByteLevelSplit(false, true, true), model,
                new PostProcessors.ByteLevelOffsets(false, null), new Decoders.ByteLevelDecoder(), added, null, null);
    }

    /**
     * BERT's {@code vocab.txt} (one token per line, id = line number), with the casing read from a
     * {@code tokenizer_config.json} beside it ({@code do_lower_case}, default true).
     */
    static PipelineTokenizer bertVocab(Path file) {
        String[] lines = readText(file).split("\n", -1);
        Map<String, Integer> ids = new HashMap<>();
        int count = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String token = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            Integer previous = ids.putIfAbsent(token, i);
            if (previous != null) {
                throw new BasaltException("Tokenizer file " + file + ", line " + (i + 1) + ": the token '" + token
                        + "' already appeared on line " + (previous + 1) + "; each token must appear once.");
            }
        }
        Vocab vocab = Vocab.of(ids, file.toString());
        boolean lowercase = true;
        Path config = file.toAbsolutePath().getParent().resolve("tokenizer_config.json");
        if (Files.isRegularFile(config)) {
            try {
                if (Json.parse(readText(config)) instanceof Map<?, ?> m && m.get("do_lower_case") instanceof Boolean b) {
                    lowercase = b;
                }
            } catch (Json.SyntaxError e) {
                throw new BasaltException("Tokenizer file " + config + " is not valid JSON: " + e.getMessage() + ".");
            }
        }
        return bert(vocab, lowercase, file.toString());
    }

    /** The standard BERT pipeline over a WordPiece vocabulary. */
    static PipelineTokenizer bert(Vocab vocab, boolean lowercase, String source) {
        List<AddedToken> added = new ArrayList<>();
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            int id = vocab.id(special);
            if (id >= 0) {
                added.add(new AddedToken(id, special, false, false, false, false, true));
            }
        }
        added.sort(java.util.Comparator.comparingInt(AddedToken::id));
        int cls = vocab.id("[CLS]");
        int sep = vocab.id("[SEP]");
        PostProcessor post = cls >= 0 && sep >= 0 ? PostProcessors.Template.bert("[CLS]", cls, "[SEP]", sep) : null;
        return new PipelineTokenizer(new Normalizers.Bert(true, true, null, lowercase), new PreTokenizers.Bert(),
                new WordPieceModel(vocab, "[UNK]", "##", 100, source), post, new Decoders.WordPiece("##", true),
                added, null, null);
    }

    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BasaltException("Cannot read tokenizer file " + file + ": " + e.getMessage());
        }
    }
}
