package dev.basalt.objectives;

import com.typesafe.config.Config;
import dev.basalt.api.ComponentContext;
import dev.basalt.api.ComponentFactory;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.Rng;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.objective.ClassificationObjective;
import dev.basalt.api.objective.Objective;
import dev.basalt.api.objective.TokenObjective;
import dev.basalt.api.objective.RunTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One prepared stream and tokenizer serve every objective the plugin contributes: only the selection changes. */
class ObjectiveSwapTest {

    private static Map<String, ComponentFactory<?>> contributed() {
        Map<String, ComponentFactory<?>> factories = new HashMap<>();
        new ObjectivesPlugin().contribute(new dev.basalt.api.Contributions() {
            @Override
            public <T> void add(ExtensionPoint<T> point, String name, ComponentFactory<? extends T> factory) {
                assertEquals(ExtensionPoint.OBJECTIVE, point);
                factories.put(name, factory);
            }
        });
        return factories;
    }

    private static Objective build(ComponentFactory<?> factory, String name) {
        Config block = Configs.block(name, "");
        return (Objective) factory.create(new ComponentContext() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Config config() {
                return block;
            }

            @Override
            public <T> T component(ExtensionPoint<T> point) {
                throw new AssertionError("objectives need no other component");
            }
        });
    }

    @Test
    void everyObjectiveSamplesTheSameStreamWithItsDefaults() {
        List<String> vocab = new ArrayList<>(List.of("<pad>", "<s>", "</s>", "<unk>", "<mask>"));
        for (int i = 0; i < 500; i++) {
            vocab.add("Ġw" + i);
        }
        for (int k = 99; k >= 0; k--) {
            vocab.add("<extra_id_" + k + ">");
        }
        FakeTokenizer tokenizer = new FakeTokenizer(vocab, Set.of("<pad>", "<s>", "</s>", "<unk>", "<mask>"));
        RunTokenizer run = tokenizer.run("</s>");
        int[] ids = new int[20_000];
        Rng fill = new Rng(1);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 300 == 299 ? tokenizer.id("</s>") : 5 + fill.nextInt(500);
        }
        RecordingSequence stream = new RecordingSequence(ids);

        Map<String, ComponentFactory<?>> factories = contributed();
        assertEquals(Set.of("causal-lm", "mlm", "span-corruption", "text-infilling", "sequence-classification"),
                factories.keySet());
        for (var entry : factories.entrySet()) {
            if (!(build(entry.getValue(), entry.getKey()) instanceof TokenObjective tokens)) {
                assertInstanceOf(ClassificationObjective.class, build(entry.getValue(), entry.getKey()));
                continue;                                   // it reads labelled texts, not the stream
            }
            TokenObjective objective = tokens.forTokenizer(run);
            TokenBatch batch = objective.sample(stream, 4, 128, new Rng(2));
            boolean seq2seq = objective.families().contains(ModelFamily.ENCODER_DECODER);
            assertEquals(seq2seq, batch.isSeq2Seq(), entry.getKey());
            assertTrue(batch.length() <= 128, entry.getKey());
            assertEquals(4, batch.rows());
            long predicted = java.util.Arrays.stream(batch.targets()).filter(t -> t != TokenBatch.IGNORE).count();
            assertTrue(predicted > 0, entry.getKey() + " predicts something");
            if (!seq2seq) {
                assertEquals(128, batch.length(), entry.getKey());
                assertFalse(objective.families().contains(ModelFamily.ENCODER_DECODER));
            }
        }
    }
}
