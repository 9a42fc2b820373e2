package dev.basalt.runtime.generate;

import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel.DecoderState;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Generates with an encoder-decoder: the encoder reads each prompt once (followed by end-of-sequence, as T5's
 * tokenizer adds it), then the decoder starts from the model's decoder start id and runs one token at a time on
 * its cache, choosing by {@link TokenSampler} (greedy at temperature 0) or by {@link BeamSearch} when
 * {@code beams > 1}. Generation stops at the model's end-of-sequence id; the text is cut before the first stop
 * string it contains. The text keeps the special tokens other than start, end and padding: T5's sentinels
 * {@code <extra_id_N>} say which masked span each part of an answer fills.
 */
public final class Seq2SeqGenerator {

    private final Seq2SeqLanguageModel model;
    private final Tokenizer tokenizer;

    public Seq2SeqGenerator(Seq2SeqLanguageModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** One answer: its text and the ids generated, without the start and end tokens. */
    public record Answer(String text, int[] ids) {
    }

    /** The answer to each prompt. */
    public List<Answer> generate(List<String> prompts, SamplingOptions options, int beams, double lengthPenalty) {
        List<Answer> out = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            int[] ids = tokenizer.encode(prompts.get(p));
            if (ids.length == 0) {
                throw new BasaltException("Prompt " + (p + 1) + " is empty; give at least one character.");
            }
            int[] generated = generateIds(source(ids), options, beams, lengthPenalty);
            out.add(new Answer(cutAtStop(visibleText(generated), options.stopStrings()), generated));
        }
        return out;
    }

    /** Why an answer's text is blank, in words for a note; empty when it is not blank. */
    public Optional<String> whyBlank(Answer answer) {
        int[] ids = answer.ids();
        if (!answer.text().isBlank()) {
            return Optional.empty();
        }
        if (ids.length == 0) {
            return Optional.of("the model's first token was its end-of-sequence token");
        }
        if (Arrays.stream(ids).allMatch(this::hidden)) {
            List<String> names = Arrays.stream(ids).distinct()
                    .mapToObj(id -> tokenizer.token(id).orElse("id " + id)).toList();
            return Optional.of("its " + ids.length + " token(s) were all start or padding tokens ("
                    + String.join(", ", names) + "), which are not printed");
        }
        if (!visibleText(ids).isBlank()) {
            return Optional.of("it began with a stop string, before which it is cut");
        }
        return Optional.of("its " + ids.length + " token(s) decode to blank text");
    }

    private String visibleText(int[] ids) {
        return tokenizer.decode(Arrays.stream(ids).filter(id -> !hidden(id)).toArray(), false);
    }

    private boolean hidden(int id) {
        return id == model.endOfSequenceId() || id == model.beginOfSequenceId() || id == model.decoderStartId()
                || tokenizer.padToken().map(pad -> pad.getKey() == id).orElse(false);
    }

    /** The text before the first stop string it contains. */
    private static String cutAtStop(String text, List<String> stopStrings) {
        int cut = text.length();
        for (String stop : stopStrings) {
            int at = stop.isEmpty() ? -1 : text.indexOf(stop);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut);
    }

    /**
     * The prompt's ids as the encoder saw sources in training: the model's begin-of-sequence id (if it has one) first
     * and end-of-sequence last, each unless already there.
     */
    int[] source(int[] ids) {
        int bos = model.beginOfSequenceId();
        int eos = model.endOfSequenceId();
        boolean addBos = bos >= 0 && (ids.length == 0 || ids[0] != bos);
        boolean addEos = ids.length == 0 || ids[ids.length - 1] != eos;
        int[] source = new int[ids.length + (addBos ? 1 : 0) + (addEos ? 1 : 0)];
        if (addBos) {
            source[0] = bos;
        }
        System.arraycopy(ids, 0, source, addBos ? 1 : 0, ids.length);
        if (addEos) {
            source[source.length - 1] = eos;
        }
        return source;
    }

    /** Generated ids for one encoder input, without the start and end tokens. */
    public int[] generateIds(int[] source, SamplingOptions options, int beams, double lengthPenalty) {
        try (NoGrad ignored = NoGrad.enter()) {
            DecoderState encoded;
            try (TensorScope scope = TensorScope.open()) {
                encoded = model.encode(Tensor.ofInts(source, 1, source.length), null);
            }
            if (beams > 1) {
                return new BeamSearch(beams, lengthPenalty).search(new ModelStep(encoded), model.decoderStartId(),
                        model.endOfSequenceId(), options.maxTokens()).tokens();
            }
            return sample(encoded, source, options);
        }
    }

    private int[] sample(DecoderState state, int[] source, SamplingOptions options) {
        TokenSampler sampler = new TokenSampler(options);
        Rng rng = new Rng(options.seed());
        // Grown as tokens come: --max-tokens may be far more than a model generates before its end token.
        int[] seen = Arrays.copyOf(source, source.length + Math.min(options.maxTokens(), 64));
        int count = source.length;
        int token = model.decoderStartId();
        while (count - source.length < options.maxTokens()) {
            float[] logits;
            try (TensorScope scope = TensorScope.open()) {
                logits = model.decode(Tensor.ofInts(new int[] {token}, 1, 1), state).toFloatArray();
            }
            token = sampler.next(logits, seen, count, rng);
            if (token == model.endOfSequenceId()) {
                break;
            }
            if (count == seen.length) {
                seen = Arrays.copyOf(seen, 2 * count);
            }
            seen[count++] = token;
        }
        return Arrays.copyOfRange(seen, source.length, count);
    }

    /** One beam-search step on the model: rows rearranged to follow their parents, then one decoder token each. */
    private final class ModelStep implements BeamSearch.Step {
        private DecoderState state;
        private int rows = 1;

        ModelStep(DecoderState state) {
            this.state = state;
        }

        @Override
        public float[][] next(int[] parents, int[] tokens) {
            try (TensorScope scope = TensorScope.open()) {
                boolean identity = parents.length == rows;
                for (int r = 0; identity && r < parents.length; r++) {
                    identity = parents[r] == r;
                }
                if (!identity) {
                    state = model.reorder(state, parents);
                }
                rows = parents.length;
                float[] all = model.decode(Tensor.ofInts(tokens, rows, 1), state).toFloatArray();
                int vocab = all.length / rows;
                float[][] out = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    out[r] = Arrays.copyOfRange(all, r * vocab, (r + 1) * vocab);
                }
                return out;
            }
        }
    }
}
