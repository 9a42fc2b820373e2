package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import dev.basalt.api.classify.LabelSet;
import dev.basalt.api.classify.LabelledText;
import dev.basalt.api.classify.SelfTraining;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The self-training loop on hand-made classifiers whose probabilities are written here. */
class SelfTrainingTest {

    private static final List<LabelledText> LABELLED = List.of(new LabelledText("sure a", "a", "l:1"),
            new LabelledText("sure b", "b", "l:2"));
    private static final List<LabelledText> UNLABELLED = List.of(LabelledText.unlabelled("u1", "u:1"),
            LabelledText.unlabelled("u2", "u:2"), LabelledText.unlabelled("u3", "u:3"),
            LabelledText.unlabelled("u4", "u:4"));

    /** Probabilities [a, b] by text: u1 clearly a, u2 exactly at 0.8 for b, u3 unsure, u4 just below 0.8. */
    private static final Map<String, float[]> ANSWERS = Map.of("u1", new float[] {0.95f, 0.05f},
            "u2", new float[] {0.2f, 0.8f}, "u3", new float[] {0.55f, 0.45f}, "u4", new float[] {0.79f, 0.21f});

    /** Remembers what each fit was given and answers from {@link #ANSWERS}. */
    private static final class Recorder implements SelfTraining.Learner {
        final List<List<LabelledText>> fits = new ArrayList<>();

        @Override
        public SelfTraining.Predictor fit(List<LabelledText> examples) {
            fits.add(List.copyOf(examples));
            LabelSet labels = LabelSet.of(LABELLED);
            return new SelfTraining.Predictor() {
                @Override
                public LabelSet labels() {
                    return labels;
                }

                @Override
                public float[][] probabilities(List<String> texts) {
                    return texts.stream().map(ANSWERS::get).toArray(float[][]::new);
                }
            };
        }
    }

    @Test
    void onlyPseudoLabelsAtOrAboveTheThresholdAreKept() {
        Recorder learner = new Recorder();
        List<LabelledText> kept = new SelfTraining(1, 0.8, false).pseudoLabels(learner.fit(LABELLED), UNLABELLED);
        assertEquals(List.of(new LabelledText("u1", "a", "u:1"), new LabelledText("u2", "b", "u:2")), kept);
    }

    @Test
    void balancedKeepsPerLabelAsManyAsTheRarestLabelHasMostConfidentFirst() {
        // at 0.5, label a has u1 (0.95), u3 (0.55) and u4 (0.79); label b only u2, so one of each stays
        Recorder learner = new Recorder();
        List<LabelledText> kept = new SelfTraining(1, 0.5, true).pseudoLabels(learner.fit(LABELLED), UNLABELLED);
        assertEquals(List.of(new LabelledText("u1", "a", "u:1"), new LabelledText("u2", "b", "u:2")), kept);
        assertEquals(4, new SelfTraining(1, 0.5, false).pseudoLabels(learner.fit(LABELLED), UNLABELLED).size());
    }

    @Test
    void eachRoundTrainsAfreshOnLabelledPlusPseudoLabelledTextsAndTheLoopStopsAfterTheConfiguredRounds() {
        Recorder learner = new Recorder();
        List<Integer> reported = new ArrayList<>();
        List<SelfTraining.Round> rounds = new SelfTraining(3, 0.9, false).run(learner, LABELLED, UNLABELLED,
                round -> reported.add(round.number()));
        assertEquals(List.of(0, 1, 2, 3), reported);
        assertEquals(4, learner.fits.size());
        assertEquals(LABELLED, learner.fits.get(0));
        List<LabelledText> expected = new ArrayList<>(LABELLED);
        expected.add(new LabelledText("u1", "a", "u:1"));
        for (int i = 1; i < 4; i++) {
            assertEquals(expected, learner.fits.get(i));
            assertEquals(List.of(new LabelledText("u1", "a", "u:1")), rounds.get(i).pseudoLabelled());
        }
        assertEquals(List.of(), rounds.get(0).pseudoLabelled());
    }

    @Test
    void zeroRoundsIsLabelledDataAlone() {
        Recorder learner = new Recorder();
        assertEquals(1, new SelfTraining(0, 0.9, false).run(learner, LABELLED, UNLABELLED, round -> { }).size());
        assertEquals(1, learner.fits.size());
    }

    @Test
    void aThresholdOutsideTheUnitIntervalIsRefused() {
        BasaltException e = assertThrows(BasaltException.class, () -> new SelfTraining(2, 1.5, false));
        assertEquals("self-training needs rounds >= 0 and 0 < confidence-threshold <= 1; got rounds 2,"
                + " confidence-threshold 1.5", e.getMessage());
    }
}
