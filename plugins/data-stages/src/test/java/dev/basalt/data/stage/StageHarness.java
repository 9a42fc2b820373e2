package dev.basalt.data.stage;

import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds stages from settings the way {@code data.stages} blocks do, and runs documents through them. */
final class StageHarness {

    private StageHarness() {
    }

    /** A stage of {@code type} with settings given as alternating keys and values over its defaults. */
    static DataStage stage(String type, Object... keysAndValues) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", type);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            block.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Stages.build(ConfigValueFactory.fromMap(block).toConfig());
    }

    static StageResult apply(DataStage stage, String text) {
        return stage.apply(new Document("doc", "test", text));
    }

    /** The kept text, or null when the stage removed the document. */
    static String keptText(DataStage stage, String text) {
        return apply(stage, text) instanceof StageResult.Kept kept ? kept.document().text() : null;
    }

    /** The removal reason, or null when the stage kept the document. */
    static String removalReason(DataStage stage, String text) {
        return apply(stage, text) instanceof StageResult.Removed removed ? removed.reason() : null;
    }

    /** Runs texts through the stage in order, with ids {@code 0, 1, ...}; the indices of the kept ones. */
    static List<Integer> keptIndices(DataStage stage, List<String> texts) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (stage.apply(new Document(Integer.toString(i), "test", texts.get(i))) instanceof StageResult.Kept) {
                kept.add(i);
            }
        }
        return kept;
    }
}
