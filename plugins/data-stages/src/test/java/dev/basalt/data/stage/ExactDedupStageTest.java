package dev.basalt.data.stage;

import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.basalt.data.stage.StageHarness.keptIndices;
import static dev.basalt.data.stage.StageHarness.stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ExactDedupStageTest {

    @Test
    void copiesAfterNormalisationAreRemovedAndTheFirstKept() {
        List<String> texts = List.of(
                "Hello World",                     // 0: first of its group
                "Hello World!",                    // 1: other text
                "hello   world",                   // 2: case and spacing
                "HELLO\nWORLD",                    // 3: case and a line break
                "\uFF28ello \uFF37orld",           // 4: fullwidth H and W (NFKC)
                "  Hello World \t",                // 5: surrounding whitespace
                "Hello World!",                    // 6: exact copy of 1
                "Hello Word");                     // 7: other text
        assertEquals(List.of(0, 1, 7), keptIndices(stage("dedup-exact"), texts));
    }

    @Test
    void caseAndWhitespaceFoldingAreSettings() {
        List<String> texts = List.of("Hello World", "hello world", "Hello  World", "Hello World");
        assertEquals(List.of(0, 1, 2), keptIndices(stage("dedup-exact", "lowercase", false, "collapse-whitespace", false), texts));
        assertEquals(List.of(0, 2), keptIndices(stage("dedup-exact", "collapse-whitespace", false), texts));
        assertEquals(List.of(0, 1), keptIndices(stage("dedup-exact", "lowercase", false), texts));
    }

    @Test
    void removalReasonAndManyDocuments() {
        // 20,000 distinct documents then all of them again: the set grows many times and forgets nothing.
        DataStage dedup = stage("dedup-exact");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            texts.add("document number " + i);
        }
        for (String text : texts) {
            assertFalse(dedup.apply(new Document("a", "s", text)) instanceof StageResult.Removed, text);
        }
        for (String text : texts) {
            StageResult result = dedup.apply(new Document("b", "s", text.toUpperCase()));
            assertEquals(new StageResult.Removed("exact-duplicate"), result, text);
        }
    }
}
