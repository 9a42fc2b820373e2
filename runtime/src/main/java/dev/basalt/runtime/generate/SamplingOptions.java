package dev.basalt.runtime.generate;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;

import java.util.List;

/**
 * How the next token is chosen, with Hugging Face's meanings.
 *
 * @param maxTokens         tokens to generate at most
 * @param temperature       divides the logits; 0 means greedy
 * @param topK              keep the k most likely tokens; 0 keeps all
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param minP              drop tokens less likely than minP × the most likely one; 0 keeps all
 * @param repetitionPenalty seen tokens' positive logits are divided by it, negative ones multiplied; 1 is off
 * @param stopStrings       generation ends when the text contains one; the text is cut before it
 * @param stopTokens        generation ends at one of these token strings (the tokenizer's end-of-text by default)
 * @param seed              seeds sampling; every row of a batch uses its own generator from this seed
 */
public record SamplingOptions(int maxTokens, double temperature, int topK, double topP, double minP,
                              double repetitionPenalty, List<String> stopStrings, List<String> stopTokens, long seed) {

    public SamplingOptions {
        check(maxTokens >= 0, "max-tokens must be 0 or more");
        check(temperature >= 0, "temperature must be 0 (greedy) or more");
        check(topK >= 0, "top-k must be 0 (off) or more");
        check(topP > 0 && topP <= 1, "top-p must be in (0, 1]");
        check(minP >= 0 && minP < 1, "min-p must be in [0, 1)");
        check(repetitionPenalty > 0, "repetition-penalty must be positive (1 is off)");
        stopStrings = List.copyOf(stopStrings);
        stopTokens = List.copyOf(stopTokens);
    }

    /** Greedy decoding of up to {@code maxTokens} tokens. */
    public static SamplingOptions greedy(int maxTokens) {
        return new SamplingOptions(maxTokens, 0, 0, 1, 0, 1, List.of(), List.of(), 0);
    }

    /** Reads the {@code generation} block. */
    public static SamplingOptions fromConfig(Config generation) {
        try {
            return new SamplingOptions(generation.getInt("max-tokens"), generation.getDouble("temperature"),
                    generation.getInt("top-k"), generation.getDouble("top-p"), generation.getDouble("min-p"),
                    generation.getDouble("repetition-penalty"), generation.getStringList("stop-strings"),
                    generation.getStringList("stop-tokens"), generation.getLong("seed"));
        } catch (IllegalArgumentException e) {
            throw new BasaltException(generation.origin().description() + ": generation." + e.getMessage());
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
