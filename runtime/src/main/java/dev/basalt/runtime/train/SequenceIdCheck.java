package dev.basalt.runtime.train;

import dev.basalt.api.BasaltException;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.objective.TokenObjective;
import dev.basalt.api.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * An encoder-decoder generates with the special ids of its model block, while the objective builds its training
 * batches with the ids it found in the tokenizer. When they differ, the model learns to end targets with one id and
 * generation waits for another; nothing fails, the answers are just wrong. So training refuses the difference.
 */
final class SequenceIdCheck {

    private SequenceIdCheck() {
    }

    private record Mismatch(String key, int model, int batches) {
    }

    static void require(LanguageModel model, TokenObjective objective, Tokenizer tokenizer, String objectiveName) {
        TokenObjective.SequenceIds batches = objective.sequenceIds();
        if (batches == null || !(model instanceof Seq2SeqLanguageModel seq2seq)) {
            return;
        }
        List<Mismatch> wrong = new ArrayList<>();
        wrong.add(new Mismatch("model.eos-token-id", seq2seq.endOfSequenceId(), batches.endOfSequence()));
        wrong.add(new Mismatch("model.decoder-start-token-id", seq2seq.decoderStartId(), batches.decoderStart()));
        wrong.add(new Mismatch("model.bos-token-id", seq2seq.beginOfSequenceId(), batches.beginOfSequence()));
        wrong.removeIf(m -> m.model() == m.batches());
        if (wrong.isEmpty()) {
            return;
        }
        throw new BasaltException("The model's special ids differ from those objective " + objectiveName
                + " builds its batches with from this tokenizer: " + String.join("; ", wrong.stream()
                .map(m -> m.key() + " = " + m.model() + " (" + describe(m.model(), tokenizer) + "), the objective's "
                        + m.batches() + " (" + describe(m.batches(), tokenizer) + ")").toList())
                + ". Set " + String.join(", ", wrong.stream().map(m -> m.key() + " = " + m.batches()).toList())
                + ", or use a tokenizer whose ids are the model's.");
    }

    private static String describe(int id, Tokenizer tokenizer) {
        return id < 0 ? "none" : tokenizer.token(id).map(t -> "\"" + t + "\"").orElse("id " + id);
    }
}
