package dev.basalt.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it, with the built-in plugins on the class path. */
class CommandLineTest {

    @TempDir
    Path dir;

    private final String emptyPlugins() {
        return dir.toString();
    }

    @Test
    void pluginsListsTheBuiltInPluginsWithJarAndAvailability() {
        Cli cli = Cli.run("plugins", "--plugins", emptyPlugins());
        assertEquals(0, cli.exitCode(), cli.err());
        for (String expected : new String[] {"backend-cpu", "backend cpu", "gpt", "architecture gpt", "objectives",
            "objective causal-lm", "available: yes", "jar:"}) {
            assertTrue(cli.out().contains(expected), expected + " missing in:\n" + cli.out());
        }
    }

    @Test
    void configShowPrintsResolvedValuesWithOrigins() {
        Path sample = Cli.repo().resolve("samples/quickstart.conf");
        Cli cli = Cli.run("config", "show", sample.toString(), "--plugins", emptyPlugins());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().matches("(?s).*model\\.layers = 4 +# .*samples/quickstart\\.conf:\\d+.*"), cli.out());
        assertTrue(cli.out().matches("(?s).*model\\.layout = \"gpt2\" +# presets/gpt2-small\\.conf:\\d+ in basalt-gpt.*"
                + "|(?s).*model\\.layout = \"gpt2\" +# .*presets/gpt2-small\\.conf:\\d+.*"), cli.out());
        assertTrue(cli.out().matches("(?s).*training\\.weight-decay = [^#]+# reference\\.conf:\\d+.*"), cli.out());
    }

    @Test
    void anUnknownArchitectureIsOneMessageListingTheKnownOnes() throws IOException {
        Path config = Files.writeString(dir.resolve("typo.conf"), "model {\n  architecture = gtp\n}\n");
        Cli cli = Cli.run("config", "show", config.toString(), "--plugins", emptyPlugins());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().startsWith("error: "), cli.err());
        assertTrue(cli.err().contains("typo.conf:2"), cli.err());
        assertTrue(cli.err().contains("Known architectures: ") && cli.err().contains("gpt (from"), cli.err());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
    }

    @Test
    void aMisspeltKeyGivesFileLineAndSuggestion() throws IOException {
        Path config = Files.writeString(dir.resolve("typo.conf"),
                "include \"presets/gpt2-small.conf\"\ntraining {\n  stpes = 10\n}\n");
        Cli cli = Cli.run("config", "show", config.toString(), "--plugins", emptyPlugins());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("typo.conf:3: unknown key 'training.stpes'. Did you mean 'training.steps'?"),
                cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
    }

    @Test
    void doctorReportsJvmVectorApiCoresMemoryAndBackends() {
        Cli cli = Cli.run("doctor", "--plugins", emptyPlugins());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("java:       " + Runtime.version()), cli.out());
        assertTrue(cli.out().contains("vector api: present"), cli.out());
        assertTrue(cli.out().contains("cores:      " + Runtime.getRuntime().availableProcessors()), cli.out());
        assertTrue(cli.out().matches("(?s).*backends:\\s+cpu +yes.*"), cli.out());
    }

    @Test
    void aMissingConfigFileIsOneMessage() {
        Cli cli = Cli.run("config", "show", dir.resolve("nope.conf").toString(), "--plugins", emptyPlugins());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("nope.conf does not exist"), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
    }
}
