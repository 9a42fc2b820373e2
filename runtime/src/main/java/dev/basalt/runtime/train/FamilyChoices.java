package dev.basalt.runtime.train;

import com.typesafe.config.ConfigFactory;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.api.objective.Objective;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The installed architectures and objectives that fit a model family, for a message that says what to choose
 * instead: each component is built from its defaults and asked its family.
 */
final class FamilyChoices {

    private FamilyChoices() {
    }

    /** {@code t5 or bart}: the installed architectures that build one of {@code families}. */
    static String architectures(PluginRegistry registry, Set<ModelFamily> families) {
        return named(registry, ExtensionPoint.ARCHITECTURE, (Architecture a) -> families.contains(a.family()));
    }

    /** {@code causal-lm}: the installed objectives that train {@code family}. */
    static String objectives(PluginRegistry registry, ModelFamily family) {
        return named(registry, ExtensionPoint.OBJECTIVE, (Objective o) -> o.families().contains(family));
    }

    private static <T> String named(PluginRegistry registry, ExtensionPoint<T> point, Predicate<T> fits) {
        RunConfigLoader loader = new RunConfigLoader(registry);
        List<String> names = new ArrayList<>();
        for (String name : registry.components(point).keySet()) {
            try {
                var config = loader.fromUserConfig("the defaults of " + name,
                        ConfigFactory.parseString(point.selectorPath() + " = \"" + name + "\""));
                if (fits.test(Assembly.of(registry, config).component(point))) {
                    names.add(name);
                }
            } catch (RuntimeException e) {
                // a component that cannot be built from its defaults alone is not offered
            }
        }
        if (names.isEmpty()) {
            return "none is installed";
        }
        String last = names.removeLast();
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }
}
