package dev.basalt.data.spark;

import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A last stage that keeps everything and remembers what reached it: the survivors' ids and final texts. */
final class SurvivorIds implements DataStage {

    final Map<String, String> texts = new ConcurrentHashMap<>();

    @Override
    public StageResult apply(Document document) {
        texts.put(document.id(), document.text());
        return StageResult.keep(document);
    }

    @Override
    public boolean threadSafe() {
        return true;
    }
}
