package dev.basalt.data;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.data.stage.Stages;

/**
 * Contributes the data pipeline stages: clean-html, normalize, quality-filter, language-filter, dedup-exact,
 * dedup-minhash and decontaminate. The pipeline that runs them and writes shards, with optional K-means topic
 * clusters and mixture weights, is {@link dev.basalt.data.pipeline.DataPipeline}.
 */
public final class DataStagesPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "data-stages";
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
        Stages.FACTORIES.forEach((name, factory) ->
                contributions.add(ExtensionPoint.DATA_STAGE, name, context -> factory.apply(context.config())));
        contributions.add(ExtensionPoint.DATA_ENGINE, "local", context -> new dev.basalt.data.pipeline.LocalDataEngine());
    }
}
