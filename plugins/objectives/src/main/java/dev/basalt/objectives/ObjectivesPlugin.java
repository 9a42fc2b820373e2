package dev.basalt.objectives;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/** Contributes the built-in training objectives. */
public final class ObjectivesPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "objectives";
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
        contributions.add(ExtensionPoint.OBJECTIVE, "causal-lm", context -> new CausalLm());
        contributions.add(ExtensionPoint.OBJECTIVE, "mlm", context -> MaskedLm.fromConfig(context.config()));
        contributions.add(ExtensionPoint.OBJECTIVE, "span-corruption", context -> SpanCorruption.fromConfig(context.config()));
        contributions.add(ExtensionPoint.OBJECTIVE, "text-infilling", context -> TextInfilling.fromConfig(context.config()));
        contributions.add(ExtensionPoint.OBJECTIVE, "sequence-classification",
                context -> SequenceClassification.fromConfig(context.config()));
    }
}
