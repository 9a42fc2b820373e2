package dev.basalt.api.objective;

import dev.basalt.api.tokenizer.Tokenizer;

/**
 * The tokenizer of a training run, as an objective sees it once the run has prepared it: where its special ids
 * come from.
 *
 * @param tokenizer  the run's tokenizer, which produced the token stream
 * @param file       the tokenizer file, for messages about a token it lacks
 * @param endOfTextId the id that separates documents in the token stream ({@code data.eos-token})
 */
public record RunTokenizer(Tokenizer tokenizer, String file, int endOfTextId) {
}
