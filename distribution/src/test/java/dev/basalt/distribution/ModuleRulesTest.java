package dev.basalt.distribution;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency rules of docs/DECISIONS.md: a plugin compiles against basalt-api only, never basalt-runtime, and
 * basalt-api depends on the JDK and Typesafe Config alone. Checked in the poms and in the compiled classes.
 */
class ModuleRulesTest {

    private static final Path REPO = Cli.repo();

    @Test
    void apiDependsOnTypesafeConfigOnly() throws Exception {
        List<String> compileDependencies = dependencies(REPO.resolve("api/pom.xml")).stream()
                .filter(d -> !d.endsWith(":test")).toList();
        assertEquals(List.of("com.typesafe:config:compile"), compileDependencies);
    }

    @Test
    void noPluginDependsOnTheRuntime() throws Exception {
        List<Path> poms = pluginPoms();
        assertFalse(poms.isEmpty());
        for (Path pom : poms) {
            for (String dependency : dependencies(pom)) {
                assertFalse(dependency.startsWith("dev.basalt:basalt-runtime"), pom + " depends on " + dependency);
            }
        }
    }

    /**
     * A plugin compiles against basalt-api and no other Basalt module (tests may use more), with one documented exception
     * (docs/DECISIONS.md): data-spark runs data-stages' own pipeline and stages on Spark.
     */
    @Test
    void pluginsDependOnNoOtherBasaltModuleButTheDocumentedOne() throws Exception {
        Set<String> allowed = Set.of("data-spark -> dev.basalt:basalt-data-stages");
        for (Path pom : pluginPoms()) {
            String plugin = pom.getParent().getFileName().toString();
            for (String dependency : dependencies(pom)) {
                boolean basalt = dependency.startsWith("dev.basalt:") && !dependency.startsWith("dev.basalt:basalt-api:")
                        && !dependency.endsWith(":test");
                String edge = plugin + " -> " + dependency.substring(0, dependency.lastIndexOf(':'));
                assertFalse(basalt && !allowed.contains(edge), pom + " depends on " + dependency);
            }
        }
    }

    @Test
    void noPluginOrApiClassReferencesTheRuntime() throws Exception {
        List<Path> classFolders = new ArrayList<>();
        List<String> defaultModules = modules(REPO.resolve("plugins/pom.xml"));
        for (Path pom : pluginPoms()) {
            Path classes = pom.getParent().resolve("target/classes");
            // A plugin of a profile (data-spark: -P spark) is checked when that build made it.
            if (defaultModules.contains(pom.getParent().getFileName().toString()) || Files.isDirectory(classes)) {
                classFolders.add(classes);
            }
        }
        classFolders.add(REPO.resolve("api/target/classes"));
        int checked = 0;
        for (Path folder : classFolders) {
            assertTrue(Files.isDirectory(folder), folder + " was built before this test");
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertFalse(constants.contains("dev/basalt/runtime"), file + " refers to basalt-runtime");
                    assertFalse(constants.contains("com/google/inject"), file + " refers to Guice, a runtime detail");
                    checked++;
                }
            }
        }
        assertTrue(checked > 10, "checked " + checked + " classes");
    }

    private static List<Path> pluginPoms() throws IOException {
        try (Stream<Path> dirs = Files.list(REPO.resolve("plugins"))) {
            return dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The modules a pom builds by default, outside any profile. */
    private static List<String> modules(Path pom) throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList nodes = document.getElementsByTagName("module");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element modules = (Element) nodes.item(i).getParentNode();
            if (modules.getParentNode() == document.getDocumentElement()) {
                result.add(nodes.item(i).getTextContent().strip());
            }
        }
        return result;
    }

    /** groupId:artifactId:scope of each direct dependency of a pom. */
    private static List<String> dependencies(Path pom) throws Exception {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList nodes = document.getElementsByTagName("dependency");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element dependency = (Element) nodes.item(i);
            if (Set.of("dependencyManagement").contains(((Element) dependency.getParentNode().getParentNode()).getTagName())) {
                continue;
            }
            String scope = text(dependency, "scope");
            result.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":"
                    + (scope.isEmpty() ? "compile" : scope));
        }
        return result;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
