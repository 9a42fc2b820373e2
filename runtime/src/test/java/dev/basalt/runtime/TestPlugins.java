package dev.basalt.runtime;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.Contributions;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.StageResult;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.objective.TokenObjective;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.plugin.PluginSource;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Plugins made in tests, with counters that show which components were built. */
public final class TestPlugins {

    public static final AtomicInteger DECODERS_BUILT = new AtomicInteger();
    public static final AtomicInteger ENCODERS_BUILT = new AtomicInteger();

    private TestPlugins() {
    }

    /** A plugin with the given name and api version whose contributions are made by {@code contribute}. */
    public static BasaltPlugin plugin(String name, int apiMajor, Consumer<Contributions> contribute) {
        return new BasaltPlugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "9.9";
            }

            @Override
            public int apiMajor() {
                return apiMajor;
            }

            @Override
            public void contribute(Contributions contributions) {
                contribute.accept(contributions);
            }
        };
    }

    public static PluginSource source(BasaltPlugin plugin, String location) {
        return new PluginSource(plugin, location, TestPlugins.class.getClassLoader());
    }

    /** A registry with two architectures, an objective, a backend and a data stage. */
    public static PluginRegistry toyRegistry() {
        BasaltPlugin toys = plugin("toys", ApiVersion.MAJOR, c -> {
            c.add(ExtensionPoint.ARCHITECTURE, "toy-decoder", ctx -> {
                DECODERS_BUILT.incrementAndGet();
                return new ToyArchitecture(ModelFamily.DECODER, ctx.config().getInt("layers"));
            });
            c.add(ExtensionPoint.ARCHITECTURE, "toy-encoder", ctx -> {
                ENCODERS_BUILT.incrementAndGet();
                return new ToyArchitecture(ModelFamily.ENCODER, ctx.config().getInt("layers"));
            });
            c.add(ExtensionPoint.OBJECTIVE, "toy-objective", ctx -> new ToyObjective());
            c.add(ExtensionPoint.DATA_STAGE, "min-length", ctx -> {
                int chars = ctx.config().getInt("chars");
                return (DataStage) doc -> doc.text().length() >= chars ? StageResult.keep(doc) : StageResult.remove("short");
            });
        });
        return PluginRegistry.of(List.of(source(toys, "toys.jar")));
    }

    /** An objective for decoders that only takes part in wiring tests. */
    public static final class ToyObjective implements TokenObjective {
        @Override
        public Set<ModelFamily> families() {
            return Set.of(ModelFamily.DECODER);
        }

        @Override
        public dev.basalt.api.model.TokenBatch sample(dev.basalt.api.data.TokenSequence tokens, int rows, int length,
                                                     dev.basalt.api.Rng rng) {
            throw new UnsupportedOperationException("the toy objective takes part in wiring tests only");
        }
    }

    /** An architecture that only remembers what it was built with. */
    public record ToyArchitecture(ModelFamily family, int layers) implements Architecture {
        @Override
        public Set<String> hfModelTypes() {
            return Set.of();
        }

        @Override
        public dev.basalt.api.model.LanguageModel create(int tokenizerVocab, long seed) {
            throw new UnsupportedOperationException("the toy architecture only records how it was configured");
        }

        @Override
        public dev.basalt.api.model.LanguageModel load(java.nio.file.Path folder) {
            throw new UnsupportedOperationException("the toy architecture only records how it was configured");
        }
    }
}
