package com.acme.basalt;

import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

/** Removes documents with fewer than a configured number of whitespace-separated words. */
public final class MinWords implements DataStage {

    private final int minWords;

    public MinWords(int minWords) {
        this.minWords = minWords;
    }

    @Override
    public StageResult apply(Document document) {
        String text = document.text().strip();
        int words = text.isEmpty() ? 0 : text.split("\\s+").length;
        return words >= minWords ? StageResult.keep(document) : StageResult.remove("fewer-than-" + minWords + "-words");
    }
}
