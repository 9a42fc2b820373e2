package dev.basalt.runtime.cli;

import dev.basalt.api.Availability;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.plugin.RegisteredComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/** {@code basalt doctor}: what this machine and JVM offer, and what to change when something is missing. */
@Command(name = "doctor", description = "Check the JVM, the Vector API, cores, memory and every backend.")
final class DoctorCommand implements Runnable {

    static final String VECTOR_FLAG = "--add-modules=jdk.incubator.vector";

    @Mixin
    PluginOptions pluginOptions;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Runtime runtime = Runtime.getRuntime();
        out.printf("java:       %s (%s)%n", Runtime.version(), System.getProperty("java.vendor"));
        if (Runtime.version().feature() < 25) {
            out.println("            Basalt needs Java 25 or newer; set JAVA_HOME to a JDK 25.");
        }
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        out.printf("vector api: %s%n", vector ? "present (jdk.incubator.vector)"
                : "MISSING: add the JVM flag " + VECTOR_FLAG + " (the ./basalt launcher adds it)");
        out.printf("cores:      %d%n", runtime.availableProcessors());
        out.printf("memory:     %d MiB max heap%n", runtime.maxMemory() >> 20);
        PluginRegistry registry = pluginOptions.registry();
        out.println("backends:");
        for (RegisteredComponent backend : registry.components(ExtensionPoint.BACKEND).values()) {
            Availability availability = backend.factory().availability();
            out.printf("  %-10s %s%n", backend.name(), PluginsCommand.describe(availability));
        }
        out.flush();
    }
}
