package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;
import dev.basalt.api.format.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes Hugging Face {@code tokenizer.json} files. */
public final class TokenizerJson {
    private TokenizerJson() {
    }

    /**
     * Reads a tokenizer.json.
     *
     * @throws BasaltException naming the file and the problem when it is unreadable, truncated or inconsistent
     */
    public static PipelineTokenizer load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BasaltException("Cannot read tokenizer file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses tokenizer.json text; {@code source} names it in error messages. */
    @SuppressWarnings("unchecked")
    public static PipelineTokenizer parse(String text, String source) {
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.SyntaxError e) {
            throw new BasaltException("Tokenizer file " + source + " is not valid JSON at "
                    + Json.lineAndColumn(text, e.position) + ": " + e.getMessage() + ".");
        }
        JsonReader r = new JsonReader(source);
        if (!(parsed instanceof Map<?, ?> root)) {
            throw r.error("the top level must be a JSON object");
        }
        return fromJson((Map<String, Object>) root, r);
    }

    static PipelineTokenizer fromJson(Map<String, Object> root, JsonReader r) {
        Normalizer normalizer = root.get("normalizer") == null ? null : Normalizers.fromJson(r.map(root, "normalizer"), r);
        PreTokenizer pre = root.get("pre_tokenizer") == null ? null : PreTokenizers.fromJson(r.map(root, "pre_tokenizer"), r);
        PostProcessor post = root.get("post_processor") == null ? null : PostProcessors.fromJson(r.map(root, "post_processor"), r);
        Decoder decoder = root.get("decoder") == null ? null : Decoders.fromJson(r.map(root, "decoder"), r);
        Model model = model(r.map(root, "model"), r);
        List<AddedToken> added = new ArrayList<>();
        if (root.get("added_tokens") != null) {
            for (Map<String, Object> t : r.mapList(root, "added_tokens")) {
                added.add(new AddedToken((int) r.integer(t, "id", -1), r.string(t, "content"), r.bool(t, "single_word", false),
                        r.bool(t, "lstrip", false), r.bool(t, "rstrip", false), r.bool(t, "normalized", true),
                        r.bool(t, "special", false)));
            }
        }
        for (AddedToken t : added) {
            if (t.id() < 0) {
                throw r.error("added token '" + t.content() + "' has no id");
            }
            String inVocab = model.vocab().token(t.id());
            if (inVocab != null && !inVocab.equals(t.content())) {
                throw r.error("added token '" + t.content() + "' has id " + t.id() + ", which the vocabulary gives to '"
                        + inVocab + "'; every token needs its own id");
            }
        }
        return new PipelineTokenizer(normalizer, pre, model, post, decoder, added,
                r.optMap(root, "truncation"), r.optMap(root, "padding"));
    }

    static Model model(Map<String, Object> json, JsonReader r) {
        String type = json.get("type") instanceof String s ? s
                : json.containsKey("merges") ? "BPE"
                : json.get("vocab") instanceof List<?> ? "Unigram"
                : json.containsKey("max_input_chars_per_word") ? "WordPiece" : "WordLevel";
        return switch (type) {
            case "BPE" -> new BpeModel(vocab(json, r), merges(r.list(json, "merges"), r), r.optString(json, "unk_token"),
                    r.optString(json, "continuing_subword_prefix"), r.optString(json, "end_of_word_suffix"),
                    r.bool(json, "fuse_unk", false), r.bool(json, "byte_fallback", false),
                    r.bool(json, "ignore_merges", false), r.source());
            case "WordPiece" -> new WordPieceModel(vocab(json, r), r.string(json, "unk_token"),
                    json.get("continuing_subword_prefix") == null ? "##" : r.string(json, "continuing_subword_prefix"),
                    (int) r.integer(json, "max_input_chars_per_word", 100), r.source());
            case "Unigram" -> UnigramModel.fromJson(json, r);
            default -> throw r.error("model type '" + type + "' is not supported (supported: BPE, WordPiece, Unigram)");
        };
    }

    static Vocab vocab(Map<String, Object> json, JsonReader r) {
        Map<String, Object> vocab = r.map(json, "vocab");
        Map<String, Integer> ids = new HashMap<>(vocab.size() * 2);
        for (var e : vocab.entrySet()) {
            if (!(e.getValue() instanceof Long id)) {
                throw r.error("the id of vocabulary token '" + e.getKey() + "' must be an integer");
            }
            ids.put(e.getKey(), id.intValue());
        }
        return Vocab.of(ids, r.source());
    }

    static List<String[]> merges(List<Object> list, JsonReader r) {
        List<String[]> merges = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object m = list.get(i);
            if (m instanceof String s) {
                int space = s.indexOf(' ', 1);
                if (space < 0) {
                    throw r.error("merge " + (i + 1) + " ('" + s + "') must be two tokens separated by a space");
                }
                merges.add(new String[] {s.substring(0, space), s.substring(space + 1)});
            } else if (m instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String a
                    && pair.get(1) instanceof String b) {
                merges.add(new String[] {a, b});
            } else {
                throw r.error("merge " + (i + 1) + " must be \"a b\" or [\"a\", \"b\"]");
            }
        }
        return merges;
    }

    /** The tokenizer as a tokenizer.json object. */
    static Map<String, Object> toJson(PipelineTokenizer t) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", t.truncation);
        root.put("padding", t.padding);
        List<Object> added = new ArrayList<>();
        for (AddedToken a : t.added.tokens()) {
            added.add(a.toJson());
        }
        root.put("added_tokens", added);
        root.put("normalizer", t.normalizer == null ? null : t.normalizer.toJson());
        root.put("pre_tokenizer", t.preTokenizer == null ? null : t.preTokenizer.toJson());
        root.put("post_processor", t.postProcessor == null ? null : t.postProcessor.toJson());
        root.put("decoder", t.decoder == null ? null : t.decoder.toJson());
        root.put("model", t.model.toJson());
        return root;
    }

    /** Writes a tokenizer.json atomically. */
    static void save(PipelineTokenizer t, Path file) throws IOException {
        AtomicFiles.writeString(file, Json.write(toJson(t)));
    }
}
