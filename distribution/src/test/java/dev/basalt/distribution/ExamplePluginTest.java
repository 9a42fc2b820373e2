package dev.basalt.distribution;

import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import dev.basalt.api.objective.Objective;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the third-party example plugin from samples/example-plugin against basalt-api alone, drops its jar into
 * a plugin directory, and uses it through the command line and the assembly, with nothing changed in the runtime.
 */
class ExamplePluginTest {

    @TempDir
    static Path work;

    static Path jar;

    @BeforeAll
    static void buildTheExamplePluginJar() throws IOException {
        Path project = Cli.repo().resolve("samples/example-plugin");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "25", "-d", classes.toString(),
                "-cp", apiOnlyClassPath()));
        try (Stream<Path> sources = Files.walk(project.resolve("src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the example plugin compiles");
        jar = work.resolve("acme-basalt-example-1.0.0.jar");
        writeJar(jar, classes, project.resolve("src/main/resources"));
    }

    /** The api jar (or class folder) and Typesafe Config: what a third party compiles against. */
    private static String apiOnlyClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> p.contains("basalt-api") || p.contains("/api/target/classes") || p.contains("config-"))
                .reduce((a, b) -> a + java.io.File.pathSeparator + b).orElseThrow();
    }

    private static void writeJar(Path target, Path... roots) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file)) {
            for (Path root : roots) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(root.relativize(path).toString().replace('\\', '/')));
                        Files.copy(path, out);
                        out.closeEntry();
                    }
                }
            }
        }
    }

    private static Path pluginDir(String name, int copies) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        for (int i = 0; i < copies; i++) {
            Files.copy(jar, dir.resolve(i == 0 ? jar.getFileName().toString() : "copy-" + i + "-" + jar.getFileName()));
        }
        return dir;
    }

    @Test
    void theDroppedInJarIsListed() throws IOException {
        Path dir = pluginDir("listed", 1);
        Cli cli = Cli.run("plugins", "--plugins", dir.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("acme.example 1.0.0"), cli.out());
        assertTrue(cli.out().contains(dir.resolve(jar.getFileName()).toString()), cli.out());
        assertTrue(cli.out().contains("objective acme.prefix-lm, data-stage acme.min-words"), cli.out());
    }

    @Test
    void itsComponentsAreSelectableFromConfigWithTheirDefaults() throws IOException {
        Path dir = pluginDir("selectable", 1);
        Path sample = Cli.repo().resolve("samples/example-plugin.conf");
        Cli cli = Cli.run("config", "show", sample.toString(), "--plugins", dir.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("objective.type = \"acme.prefix-lm\""), cli.out());
        assertTrue(cli.out().matches("(?s).*data\\.stages\\[0]\\.min-words = 3 +# .*example-plugin\\.conf:\\d+.*"), cli.out());

        PluginRegistry registry = PluginRegistry.discover(List.of(dir));
        RunConfig config = new RunConfigLoader(registry).load(sample, List.of());
        Assembly assembly = Assembly.of(registry, config);
        Objective objective = assembly.component(ExtensionPoint.OBJECTIVE);
        assertEquals("com.acme.basalt.PrefixLm", objective.getClass().getName());
        assertTrue(objective.getClass().getClassLoader().getName().startsWith("basalt-plugin:"),
                "loaded through its own class loader");
        DataStage stage = assembly.components(ExtensionPoint.DATA_STAGE).getFirst();
        assertInstanceOf(StageResult.Removed.class, stage.apply(new Document("1", "t", "two words")));
        assertInstanceOf(StageResult.Kept.class, stage.apply(new Document("2", "t", "now three words")));
    }

    @Test
    void aMisspeltKeyOfThePluginsComponentIsCaught() throws IOException {
        Path dir = pluginDir("misspelt", 1);
        Path config = Files.writeString(work.resolve("typo.conf"),
                "objective {\n  type = acme.prefix-lm\n  prefix-fractoin = 0.5\n}\n");
        Cli cli = Cli.run("config", "show", config.toString(), "--plugins", dir.toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("typo.conf:3") && cli.err().contains("Did you mean 'objective.prefix-fraction'?"),
                cli.err());
    }

    @Test
    void twoCopiesOfThePluginAreRefusedNamingBothJars() throws IOException {
        Path dir = pluginDir("duplicated", 2);
        Cli cli = Cli.run("plugins", "--plugins", dir.toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains(dir.resolve(jar.getFileName()).toString()), cli.err());
        assertTrue(cli.err().contains(dir.resolve("copy-1-" + jar.getFileName()).toString()), cli.err());
        assertTrue(cli.err().contains("'acme.example'"), cli.err());
        assertTrue(cli.noStackTrace(), cli.err());
    }

    @Test
    void aPluginInASubFolderGetsItsOwnLoaderWithTheJarsBesideIt() throws IOException {
        Path dir = Files.createDirectories(work.resolve("nested"));
        Path folder = Files.createDirectories(dir.resolve("acme"));
        Files.copy(jar, folder.resolve(jar.getFileName()));
        Cli cli = Cli.run("plugins", "--plugins", dir.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("acme.example 1.0.0") && cli.out().contains(folder.toString()), cli.out());
    }
}
