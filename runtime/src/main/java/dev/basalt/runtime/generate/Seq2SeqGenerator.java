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

/**
 * Generates with an encoder-decoder: the encoder reads each prompt once (followed by end-of-sequence, as T5's
 * tokenizer adds it), then the decoder starts from the model's decoder start id and runs one token at a time on
 * its cache, choosing by {@link TokenSampler} (greedy at temperature 0) or by {@link BeamSearch} when
 * {@code beams > 1}. Generation stops at the model's end-of-sequence id; the text is cut before the first stop
 * string it contains.
 */
public final class Seq2SeqGenerator {

    private final Seq2SeqLanguageModel model;
    private final Tokenizer tokenizer;

    public Seq2SeqGenerator(Seq2SeqLanguageModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** The generated text for each prompt. */
    public List<String> generate(List<String> prompts, SamplingOptions options, int beams, double lengthPenalty) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            int[] ids = tokenizer.encode(prompts.get(p));
            if (ids.length == 0) {
                throw new BasaltException("Prompt " + (p + 1) + " is empty; give at least one character.");
            }
            out.add(cutAtStop(tokenizer.decode(generateIds(source(ids), options, beams, lengthPenalty), true),
                    options.stopStrings()));
        }
        return out;
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
        int[] seen = Arrays.copyOf(source, source.length + options.maxTokens());
        int count = source.length;
        int[] generated = new int[options.maxTokens()];
        int length = 0;
        int token = model.decoderStartId();
        while (length < options.maxTokens()) {
            float[] logits;
            try (TensorScope scope = TensorScope.open()) {
                logits = model.decode(Tensor.ofInts(new int[] {token}, 1, 1), state).toFloatArray();
            }
            token = sampler.next(logits, seen, count, rng);
            if (token == model.endOfSequenceId()) {
                break;
            }
            seen[count++] = token;
            generated[length++] = token;
        }
        return Arrays.copyOf(generated, length);
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
