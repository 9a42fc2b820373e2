package dev.basalt.runtime.plugin;

import dev.basalt.api.ApiVersion;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.model.ModelFamily;
import dev.basalt.runtime.TestPlugins;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.basalt.runtime.TestPlugins.plugin;
import static dev.basalt.runtime.TestPlugins.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginRegistryTest {

    @Test
    void collectsComponentsByExtensionPoint() {
        PluginRegistry registry = TestPlugins.toyRegistry();
        assertEquals(List.of("toy-decoder", "toy-encoder"),
                List.copyOf(registry.components(ExtensionPoint.ARCHITECTURE).keySet()));
        assertEquals("toys.jar", registry.component(ExtensionPoint.OBJECTIVE, "toy-objective").orElseThrow()
                .source().location());
    }

    @Test
    void twoPluginsWithOneNameAreRefusedNamingBothJars() {
        var first = source(plugin("acme.tools", ApiVersion.MAJOR, c -> { }), "/plugins/acme-tools-1.0.jar");
        var second = source(plugin("acme.tools", ApiVersion.MAJOR, c -> { }), "/plugins/acme-tools-1.1.jar");
        BasaltException e = assertThrows(BasaltException.class, () -> PluginRegistry.of(List.of(first, second)));
        assertTrue(e.getMessage().contains("/plugins/acme-tools-1.0.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("/plugins/acme-tools-1.1.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("'acme.tools'"), e.getMessage());
    }

    @Test
    void twoComponentsWithOneNameAreRefusedNamingBothJars() {
        var first = source(plugin("one", ApiVersion.MAJOR,
                c -> c.add(ExtensionPoint.ARCHITECTURE, "same", ctx -> new TestPlugins.ToyArchitecture(ModelFamily.DECODER, 1))),
                "one.jar");
        var second = source(plugin("two", ApiVersion.MAJOR,
                c -> c.add(ExtensionPoint.ARCHITECTURE, "same", ctx -> new TestPlugins.ToyArchitecture(ModelFamily.DECODER, 1))),
                "two.jar");
        BasaltException e = assertThrows(BasaltException.class, () -> PluginRegistry.of(List.of(first, second)));
        assertTrue(e.getMessage().contains("one.jar") && e.getMessage().contains("two.jar"), e.getMessage());
    }

    @Test
    void aPluginBuiltForAnotherApiMajorIsRefusedWithBothVersions() {
        var old = source(plugin("acme.old", ApiVersion.MAJOR + 1, c -> { }), "acme-old.jar");
        BasaltException e = assertThrows(BasaltException.class, () -> PluginRegistry.of(List.of(old)));
        assertTrue(e.getMessage().contains("'acme.old'"), e.getMessage());
        assertTrue(e.getMessage().contains("api version " + (ApiVersion.MAJOR + 1)), e.getMessage());
        assertTrue(e.getMessage().contains("api version " + ApiVersion.MAJOR + "."), e.getMessage());
    }

    @Test
    void invalidNamesAreRefused() {
        for (String bad : List.of("Upper", "1starts-with-digit", "under_score", "acme.", ".acme", "", "sp ace")) {
            var source = source(plugin(bad, ApiVersion.MAJOR, c -> { }), "bad.jar");
            BasaltException e = assertThrows(BasaltException.class, () -> PluginRegistry.of(List.of(source)), bad);
            assertTrue(e.getMessage().contains("[a-z][a-z0-9-]*"), e.getMessage());
        }
        for (String good : List.of("gpt", "byte-bpe", "acme.prefix-lm", "a1.b2-c")) {
            PluginRegistry.of(List.of(source(plugin(good, ApiVersion.MAJOR, c -> { }), "good.jar")));
        }
    }

    @Test
    void invalidComponentNamesAreRefused() {
        var source = source(plugin("fine", ApiVersion.MAJOR,
                c -> c.add(ExtensionPoint.ARCHITECTURE, "Bad_Name", ctx -> null)), "fine.jar");
        BasaltException e = assertThrows(BasaltException.class, () -> PluginRegistry.of(List.of(source)));
        assertTrue(e.getMessage().contains("'Bad_Name'") && e.getMessage().contains("fine.jar"), e.getMessage());
    }
}
