package dev.basalt.tokenizers;

import dev.basalt.api.tokenizer.Encoding;
import dev.basalt.api.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tokenizer in the Hugging Face shape: added tokens are cut out first, the rest is normalized,
 * pre-tokenized into words and split by the model; a post-processor adds special tokens and a decoder
 * turns tokens back into text.
 */
public final class PipelineTokenizer implements Tokenizer {
    final Normalizer normalizer;
    final PreTokenizer preTokenizer;
    final Model model;
    final PostProcessor postProcessor;
    final Decoder decoder;
    final AddedVocabulary added;
    /** The tokenizer.json {@code truncation} and {@code padding} blocks, kept for saving (may be null). */
    final Map<String, Object> truncation;
    final Map<String, Object> padding;

    PipelineTokenizer(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
                      Decoder decoder, List<AddedToken> addedTokens, Map<String, Object> truncation,
                      Map<String, Object> padding) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.added = new AddedVocabulary(addedTokens, normalizer);
        this.truncation = truncation;
        this.padding = padding;
    }

    /**
     * Receives each token of a text with its original char range. Like Hugging Face, only tokens a
     * post-processor adds count as special in the mask, not special tokens written in the text.
     */
    @FunctionalInterface
    private interface TokenSink {
        void token(int id, int start, int end, boolean special);
    }

    private void run(String text, TokenSink sink) {
        boolean first = true;
        for (int[] seg : added.split(text, false)) {
            if (seg[2] >= 0) {
                sink.token(seg[2], seg[0], seg[1], false);
                first = false;
                continue;
            }
            NormalizedText part = NormalizedText.of(text, seg[0], seg[1]);
            if (normalizer != null) {
                part = normalizer.normalize(part);
            }
            for (int[] sub : added.split(part.text, true)) {
                if (sub[2] >= 0) {
                    sink.token(sub[2], part.originalStart(sub[0], sub[1]), part.originalEnd(sub[0], sub[1]), false);
                    first = false;
                    continue;
                }
                NormalizedText piece = part.slice(sub[0], sub[1]);
                if (piece.isEmpty()) {
                    continue;
                }
                List<NormalizedText> words = new ArrayList<>();
                if (preTokenizer != null) {
                    preTokenizer.split(piece, first, words);
                } else {
                    words.add(piece);
                }
                first = false;
                for (NormalizedText word : words) {
                    model.tokenize(word.text, (id, s, e) -> sink.token(id, word.originalStart(s, e), word.originalEnd(s, e), false));
                }
            }
        }
    }

    @Override
    public int[] encode(String text) {
        int[][] buffer = {new int[Math.max(16, text.length() / 3)]};
        int[] size = {0};
        run(text, (id, start, end, special) -> {
            if (size[0] == buffer[0].length) {
                buffer[0] = java.util.Arrays.copyOf(buffer[0], size[0] * 2);
            }
            buffer[0][size[0]++] = id;
        });
        return java.util.Arrays.copyOf(buffer[0], size[0]);
    }

    /** The encoding of one text before post-processing. */
    private Encoding raw(String text) {
        EncodingBuilder b = new EncodingBuilder();
        run(text, (id, start, end, special) -> b.add(id, tokenOf(id), start, end, special));
        return b.build(0);
    }

    @Override
    public Encoding encode(String text, boolean addSpecialTokens) {
        Encoding e = raw(text);
        return postProcessor == null ? e : postProcessor.process(e, null, addSpecialTokens);
    }

    @Override
    public Encoding encodePair(String first, String second, boolean addSpecialTokens) {
        Encoding a = raw(first);
        Encoding b = raw(second);
        if (postProcessor == null) {
            return a.concat(PostProcessors.withType(b, 1));
        }
        return postProcessor.process(a, b, addSpecialTokens);
    }

    /**
     * Encodes a pair truncated so that, special tokens included, it fits in {@code maxLength}: tokens are
     * taken from the longer sequence first, like Hugging Face's {@code LongestFirst} strategy.
     */
    public Encoding encodePair(String first, String second, boolean addSpecialTokens, int maxLength) {
        Encoding a = raw(first);
        Encoding b = raw(second);
        int budget = maxLength - (addSpecialTokens && postProcessor != null ? postProcessor.addedTokens(true) : 0);
        int la = a.length();
        int lb = b.length();
        int remove = Math.max(0, la + lb - Math.max(0, budget));
        int fromLonger = Math.min(Math.abs(la - lb), remove);
        if (la > lb) {
            la -= fromLonger;
        } else {
            lb -= fromLonger;
        }
        remove -= fromLonger;
        la -= (remove + 1) / 2;
        lb -= remove / 2;
        a = a.truncate(la, Encoding.Side.RIGHT);
        b = b.truncate(lb, Encoding.Side.RIGHT);
        return postProcessor == null ? a.concat(PostProcessors.withType(b, 1)) : postProcessor.process(a, b, addSpecialTokens);
    }

    String tokenOf(int id) {
        AddedToken t = added.byId(id);
        if (t != null) {
            return t.content();
        }
        return model.vocab().token(id);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            AddedToken t = added.byId(id);
            if (t != null && t.special() && skipSpecialTokens) {
                continue;
            }
            String token = tokenOf(id);
            if (token == null) {
                throw new IllegalArgumentException("id " + id + " is outside the vocabulary (size " + vocabSize() + ")");
            }
            tokens.add(token);
        }
        if (decoder == null) {
            return String.join(" ", tokens);
        }
        return String.join("", decoder.decodeChain(tokens));
    }

    /**
     * Decodes, then optionally applies Python {@code transformers}' {@code clean_up_tokenization} to the whole
     * text (spaces before punctuation and inside contractions removed), as BERT's Python tokenizers do on
     * top of the Rust decoder.
     */
    public String decode(int[] ids, boolean skipSpecialTokens, boolean cleanUpTokenizationSpaces) {
        String text = decode(ids, skipSpecialTokens);
        if (!cleanUpTokenizationSpaces) {
            return text;
        }
        return text.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }

    @Override
    public int vocabSize() {
        int size = model.vocab().size();
        for (AddedToken t : added.tokens()) {
            size = Math.max(size, t.id() + 1);
        }
        return size;
    }

    @Override
    public OptionalInt tokenId(String token) {
        AddedToken t = added.byContent(token);
        if (t != null) {
            return OptionalInt.of(t.id());
        }
        int id = model.vocab().id(token);
        return id >= 0 ? OptionalInt.of(id) : OptionalInt.empty();
    }

    /** The token string of an id, or null. */
    public String idToToken(int id) {
        return tokenOf(id);
    }

    @Override
    public Optional<String> token(int id) {
        return id < 0 ? Optional.empty() : Optional.ofNullable(tokenOf(id));
    }

    @Override
    public java.util.Set<Integer> specialIds() {
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        for (AddedToken t : added.tokens()) {
            if (t.special()) {
                ids.add(t.id());
            }
        }
        return java.util.Collections.unmodifiableSet(ids);
    }

    @Override
    public Optional<Map.Entry<Integer, String>> padToken() {
        if (padding != null && padding.get("pad_token") instanceof String token) {
            Object id = padding.get("pad_id");
            return Optional.of(new AbstractMap.SimpleImmutableEntry<>(((Number) id).intValue(), token));
        }
        for (String candidate : List.of("[PAD]", "<pad>", "<|padding|>")) {
            OptionalInt id = tokenId(candidate);
            if (id.isPresent()) {
                return Optional.of(new AbstractMap.SimpleImmutableEntry<>(id.getAsInt(), candidate));
            }
        }
        return Optional.empty();
    }

    @Override
    public void save(Path file) throws IOException {
        TokenizerJson.save(this, file);
    }
}
