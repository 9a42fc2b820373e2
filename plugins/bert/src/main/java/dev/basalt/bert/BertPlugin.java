package dev.basalt.bert;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/** Contributes the {@code bert} encoder architecture (BERT, RoBERTa, DistilBERT, ALBERT) and its presets. */
public final class BertPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "bert";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public int apiMajor() {
        return ApiVersion.MAJOR;
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.add(ExtensionPoint.ARCHITECTURE, "bert", context -> new BertArchitecture(context.config()));
    }
}
