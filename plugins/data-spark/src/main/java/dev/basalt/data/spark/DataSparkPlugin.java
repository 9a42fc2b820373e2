package dev.basalt.data.spark;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;

/** Contributes the data engine {@code spark}: the data-stages stages on Apache Spark. */
public final class DataSparkPlugin implements BasaltPlugin {

    @Override
    public String name() {
        return "data-spark";
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
        contributions.add(ExtensionPoint.DATA_ENGINE, "spark", context -> new SparkDataEngine());
    }
}
