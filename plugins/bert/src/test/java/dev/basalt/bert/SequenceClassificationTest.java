package dev.basalt.bert;

import dev.basalt.api.BasaltException;
import dev.basalt.api.tensor.Shape;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.api.classify.ClassifierTraining;
import dev.basalt.api.classify.EncoderLearner;
import dev.basalt.api.classify.FineTuning;
import dev.basalt.api.classify.LabelSet;
import dev.basalt.api.classify.LabelledText;
import dev.basalt.api.classify.SequenceClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small BERT with a classification head, fine-tuned on a task whose answer is known in closed form: a text is
 * {@code yes} exactly when the word "zebra" occurs in it. Accuracy is counted here, on texts the model never saw,
 * against that rule.
 */
class SequenceClassificationTest {

    private static final List<String> WORDS = List.of("apple", "river", "stone", "cloud", "music", "table", "green",
            "house", "window", "garden", "paper", "winter");

    private static Tokenizer tokenizer;

    @BeforeAll
    static void setUp() {
        BertTesting.useCpu();
        tokenizer = Tokenizers.load(MiniLm.folder().resolve(MiniLm.TOKENIZER));
    }

    private static BertModel smallEncoder() {
        BertConfig c = BertTesting.small(BertConfig.Variant.BERT, tokenizer.vocabSize());
        return new BertModel(new BertConfig(c.variant(), 2, 2, 32, 32, 64, 64, c.vocabSize(), 2, 1e-12,
                BertConfig.Activation.GELU, 0.0, 0, false, false, 0.02), 11);
    }

    /** Texts of 4 to 10 words; half hold "zebra" at a random place. The label follows the rule, not a model. */
    private static List<LabelledText> zebraTexts(int count, long seed) {
        Random random = new Random(seed);
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> words = new ArrayList<>();
            int n = 4 + random.nextInt(7);
            for (int w = 0; w < n; w++) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            boolean zebra = random.nextBoolean();
            if (zebra) {
                words.set(random.nextInt(n), "zebra");
            }
            out.add(new LabelledText(String.join(" ", words), zebra ? "yes" : "no", "synthetic:" + i));
        }
        return out;
    }

    @Test
    void theHeadCarriesHuggingFaceNamesAndGivesOneLogitPerLabel() {
        List<LabelledText> data = zebraTexts(8, 1);
        SequenceClassifier model = new SequenceClassifier(smallEncoder(), LabelSet.of(data), BertTesting.firstTokenHead(0.1), 5);
        assertEquals(Shape.of(2, 32), model.namedParameters().get("classifier.weight").shape());
        assertEquals(Shape.of(2), model.namedParameters().get("classifier.bias").shape());
        assertTrue(model.namedParameters().containsKey("bert.embeddings.word_embeddings.weight"));
        Tensor logits = model.logits(Tensor.ofInts(new int[] {101, 2000, 102, 0, 101, 2001, 2002, 102}, 2, 4),
                Tensor.of(new float[] {1, 1, 1, 0, 1, 1, 1, 1}, 2, 4));
        assertEquals(Shape.of(2, 2), logits.shape());
    }

    @Test
    void fineTuningLearnsWhetherAWordOccursOnHeldOutTexts() {
        List<LabelledText> train = zebraTexts(400, 2);
        List<LabelledText> heldOut = zebraTexts(200, 3);
        FineTuning settings = FineTuning.linearDecay(250, 16, 2e-3, 0.01, 16, 7);
        ClassifierTraining training = new ClassifierTraining(tokenizer, settings);
        EncoderLearner.Trained trained = new EncoderLearner(SequenceClassificationTest::smallEncoder, training,
                LabelSet.of(train), BertTesting.firstTokenHead(0.1), ClassifierTraining.Progress.NONE).fit(train);

        float[][] p = trained.probabilities(heldOut.stream().map(LabelledText::text).toList());
        int yes = trained.labels().labels().indexOf("yes");
        int correct = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            boolean saysYes = p[i][yes] > 0.5f;
            correct += saysYes == heldOut.get(i).text().contains("zebra") ? 1 : 0;
        }
        double accuracy = (double) correct / heldOut.size();
        // the rule is exact and every word is one token, so a fitted model makes no mistake; 0.97 leaves room for
        // a few texts near the decision boundary after 250 steps, while chance is 0.5
        assertTrue(accuracy >= 0.97, "held-out accuracy " + accuracy);
        ClassifierTraining.Evaluation evaluation = trained.evaluate(heldOut);
        assertEquals(correct, evaluation.correct());
        assertEquals(heldOut.size(), evaluation.count());
    }

    @Test
    void aLabelTheClassifierNeverSawIsOneClearErrorAtEvaluation() {
        List<LabelledText> train = zebraTexts(8, 4);
        SequenceClassifier model = new SequenceClassifier(smallEncoder(), LabelSet.of(train), BertTesting.firstTokenHead(0.1),
                5);
        ClassifierTraining training = new ClassifierTraining(tokenizer, FineTuning.linearDecay(1, 4, 1e-3, 0, 16, 1));
        BasaltException e = assertThrows(BasaltException.class, () -> training.evaluate(model,
                List.of(new LabelledText("a zebra", "maybe", "eval.jsonl:7"))));
        assertEquals("eval.jsonl:7: label 'maybe' is not one the classifier was trained on; known labels are [no, yes]",
                e.getMessage());
    }

    @Test
    void trainingDataWithOneLabelIsRefused() {
        BasaltException e = assertThrows(BasaltException.class, () -> LabelSet.of(List.of(
                new LabelledText("a", "x", "f:1"), new LabelledText("b", "x", "f:2"))));
        assertTrue(e.getMessage().contains("at least two"), e.getMessage());
    }
}
