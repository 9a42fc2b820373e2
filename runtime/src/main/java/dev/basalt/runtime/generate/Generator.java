package dev.basalt.runtime.generate;

import dev.basalt.api.BasaltException;
import dev.basalt.api.Rng;
import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Generates text with a decoder and its key/value cache. Several prompts run as one left-padded batch: each row
 * gets its own positions (counting from its first real token), its padding is masked out, and its own random
 * generator seeded like a lone prompt's, so a batch produces what each prompt would produce alone.
 */
public final class Generator {

    /** Receives each row's new text as it is generated (for streaming to a terminal). */
    @FunctionalInterface
    public interface Listener {
        void text(int row, String delta);
    }

    private final CausalLanguageModel model;
    private final Tokenizer tokenizer;

    public Generator(CausalLanguageModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** The generated continuations (without the prompts). */
    public List<String> generate(List<String> prompts, SamplingOptions options, Listener listener) {
        int rows = prompts.size();
        int[][] promptIds = new int[rows][];
        int longest = 0;
        for (int r = 0; r < rows; r++) {
            promptIds[r] = tokenizer.encode(prompts.get(r));
            if (promptIds[r].length == 0) {
                throw new BasaltException("Prompt " + (r + 1) + " is empty; give at least one character.");
            }
            longest = Math.max(longest, promptIds[r].length);
        }
        int budget = Math.min(options.maxTokens(), model.contextLength() - longest);
        if (budget < 0) {
            throw new BasaltException("A prompt of " + longest + " tokens is longer than the model's context of "
                    + model.contextLength() + " tokens.");
        }
        int[] stopIds = stopIds(options);
        Row[] state = new Row[rows];
        for (int r = 0; r < rows; r++) {
            state[r] = new Row(promptIds[r], longest + budget, new Rng(options.seed()));
        }
        TokenSampler sampler = new TokenSampler(options);
        boolean padded = Arrays.stream(promptIds).anyMatch(p -> p.length != promptIds[0].length);

        try (NoGrad ignored = NoGrad.enter()) {
            CausalLanguageModel.DecoderCache cache = model.newCache(rows);
            int[] ids = new int[rows * longest];
            int[] positions = new int[rows * longest];
            float[] valid = new float[rows * (longest + budget)];
            for (int r = 0; r < rows; r++) {
                int pad = longest - promptIds[r].length;
                for (int t = 0; t < longest; t++) {
                    ids[r * longest + t] = t < pad ? promptIds[r][0] : promptIds[r][t - pad];
                    positions[r * longest + t] = Math.max(0, t - pad);
                    valid[r * (longest + budget) + t] = t < pad ? 0 : 1;
                }
            }
            int step = longest;
            int[] newIds = ids;
            int[] newPositions = positions;
            int width = longest;
            for (int generated = 0; generated < budget && !allDone(state); generated++) {
                float[][] last;
                try (TensorScope scope = TensorScope.open()) {
                    Tensor logits = model.decode(Tensor.ofInts(newIds, rows, width), Tensor.ofInts(newPositions, rows, width),
                            padded ? keyValid(valid, rows, longest + budget, step) : null, cache);
                    last = lastRow(logits);
                }
                newIds = new int[rows];
                newPositions = new int[rows];
                for (int r = 0; r < rows; r++) {
                    Row row = state[r];
                    int next = row.done ? row.last() : sampler.next(last[r], row.seen, row.count, row.rng);
                    newIds[r] = next;
                    newPositions[r] = row.realLength();
                    valid[r * (longest + budget) + step] = 1;
                    if (!row.done) {
                        row.add(next);
                        row.finishIfStopped(next, stopIds, tokenizer, options.stopStrings(), r, listener);
                    }
                }
                width = 1;
                step++;
            }
        }
        List<String> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            String text = state[r].text(tokenizer, options.stopStrings());
            if (listener != null && text.length() > state[r].emitted.length()) {
                listener.text(r, text.substring(state[r].emitted.length())); // what was held back at the end
            }
            out.add(text);
        }
        return out;
    }

    private static Tensor keyValid(float[] valid, int rows, int capacity, int length) {
        float[] window = new float[rows * length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(valid, r * capacity, window, r * length, length);
        }
        return Tensor.of(window, rows, length);
    }

    private static float[][] lastRow(Tensor logits) {
        int rows = logits.dim(0);
        int t = logits.dim(1);
        int v = logits.dim(2);
        float[] all = logits.narrow(1, t - 1, 1).toFloatArray();
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(all, r * v, (r + 1) * v);
        }
        return out;
    }

    private int[] stopIds(SamplingOptions options) {
        List<String> names = options.stopTokens().isEmpty() ? List.of("<|endoftext|>", "</s>", "<eos>")
                : options.stopTokens();
        return names.stream().map(tokenizer::tokenId).filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt)
                .toArray();
    }

    private static boolean allDone(Row[] rows) {
        return Arrays.stream(rows).allMatch(r -> r.done);
    }

    /** One prompt's progress. */
    private static final class Row {
        final int[] seen;
        final int promptLength;
        final Rng rng;
        int count;
        boolean done;
        String emitted = "";

        Row(int[] prompt, int capacity, Rng rng) {
            this.seen = Arrays.copyOf(prompt, capacity);
            this.promptLength = prompt.length;
            this.count = prompt.length;
            this.rng = rng;
        }

        int last() {
            return seen[count - 1];
        }

        /** Tokens of this row so far, which is also the position of the next one. */
        int realLength() {
            return count;
        }

        void add(int id) {
            seen[count++] = id;
        }

        int[] generated() {
            return Arrays.copyOfRange(seen, promptLength, count);
        }

        void finishIfStopped(int id, int[] stopIds, Tokenizer tokenizer, List<String> stopStrings, int index,
                             Listener listener) {
            if (Arrays.stream(stopIds).anyMatch(s -> s == id)) {
                count--; // the stop token is not part of the text
                done = true;
            }
            String text = text(tokenizer, stopStrings);
            if (stopStrings.stream().anyMatch(s -> !s.isEmpty() && decodeRaw(tokenizer).contains(s))) {
                done = true;
            }
            if (!done) {
                text = text.substring(0, text.length() - pendingStopPrefix(text, stopStrings));
            }
            if (listener != null && text.length() > emitted.length() && !text.endsWith("\uFFFD")) {
                listener.text(index, text.substring(emitted.length()));
                emitted = text;
            }
        }

        /** Length of the longest end of {@code text} that a stop string starts with: held back until it resolves. */
        private static int pendingStopPrefix(String text, List<String> stopStrings) {
            int longest = 0;
            for (String stop : stopStrings) {
                for (int n = Math.min(stop.length() - 1, text.length()); n > longest; n--) {
                    if (text.endsWith(stop.substring(0, n))) {
                        longest = n;
                        break;
                    }
                }
            }
            return longest;
        }

        private String decodeRaw(Tokenizer tokenizer) {
            return tokenizer.decode(generated(), true);
        }

        String text(Tokenizer tokenizer, List<String> stopStrings) {
            String text = decodeRaw(tokenizer);
            for (String stop : stopStrings) {
                int at = stop.isEmpty() ? -1 : text.indexOf(stop);
                if (at >= 0) {
                    text = text.substring(0, at);
                }
            }
            return text;
        }
    }
}
