package com.acme.basalt;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/**
 * A third-party plugin: a prefix-LM objective and a data stage that drops documents with too few words. Its
 * names carry the {@code acme.} namespace, as every third-party name must.
 */
public final class AcmePlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "acme.example";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public int apiMajor() {
        return ApiVersion.MAJOR;
    }

    @Override
    public void contribute(Contributions contributions) {
        contributions.add(ExtensionPoint.OBJECTIVE, "acme.prefix-lm",
                context -> new PrefixLm(context.config().getDouble("prefix-fraction")));
        contributions.add(ExtensionPoint.DATA_STAGE, "acme.min-words",
                context -> new MinWords(context.config().getInt("min-words")));
    }
}
