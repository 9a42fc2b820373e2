package dev.basalt.runtime.cli;

import dev.basalt.api.Availability;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.plugin.PluginSource;
import dev.basalt.runtime.plugin.RegisteredComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** {@code basalt plugins}: what is installed, where it came from, what it provides and whether it can run here. */
@Command(name = "plugins", description = "List the installed plugins, what they provide and whether they are available.")
final class PluginsCommand implements Runnable {

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry = pluginOptions.registry();
        for (PluginSource source : registry.plugins()) {
            Availability availability = source.plugin().availability();
            out.printf("%s %s%n", source.plugin().name(), source.plugin().version());
            out.printf("  jar:       %s%n", source.location());
            List<RegisteredComponent> components = registry.componentsOf(source);
            out.printf("  provides:  %s%n", components.isEmpty() ? "nothing"
                    : components.stream().map(c -> c.point().id() + " " + c.name()).collect(Collectors.joining(", ")));
            out.printf("  available: %s%n", describe(availability));
            for (RegisteredComponent component : components) {
                Availability own = component.factory().availability();
                if (!own.available() || !own.reason().equals("ok")) {
                    out.printf("    %s %s: %s%n", component.point().id(), component.name(), describe(own));
                }
            }
        }
        out.flush();
    }

    static String describe(Availability availability) {
        return (availability.available() ? "yes" : "no") + (availability.reason().equals("ok") ? "" : " (" + availability.reason() + ")");
    }
}
