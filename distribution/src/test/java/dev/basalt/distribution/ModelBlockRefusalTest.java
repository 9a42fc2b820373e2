package dev.basalt.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An impossible model block of an encoder or encoder-decoder is refused when the architecture is built: by
 * {@code config show}, and by {@code train} before any tokenizer or data work, naming the value's own origin.
 */
class ModelBlockRefusalTest {

    @TempDir
    Path dir;

    /** {@code command} (one or two words) on {@code config}, then {@code extra} arguments such as {@code --set}s. */
    private static Cli run(String command, Path config, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
        args.add(config.toString());
        args.addAll(java.util.List.of(extra));
        args.addAll(java.util.List.of("--plugins", Cli.noPlugins()));
        return Cli.run(args.toArray(String[]::new));
    }

    private static Path sample(String name) {
        return Cli.repo().resolve("samples/" + name);
    }

    private static void assertOneLine(Cli cli, String start) {
        assertEquals(1, cli.exitCode(), cli.out() + cli.err());
        String error = cli.err().strip();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith(start), error);
        assertTrue(cli.noStackTrace(), error);
    }

    @Test
    void configShowRefusesAnUnknownT5VariantNamingTheSet() {
        assertOneLine(run("config show", sample("t5-span-corruption.conf"), "--set", "model.variant=v2"),
                "error: --set model.variant=v2: model.variant = \"v2\" is not known; use v1.0 or v1.1");
    }

    @Test
    void configShowRefusesNegativeT5Heads() {
        assertOneLine(run("config show", sample("t5-span-corruption.conf"), "--set", "model.heads=-3"),
                "error: --set model.heads=-3: model block: layers, decoder-layers, heads");
    }

    @Test
    void configShowRefusesABartWidthThatItsHeadsDoNotDivide() {
        assertOneLine(run("config show", sample("bart-text-infilling.conf"), "--set", "model.width=130"),
                "error: --set model.width=130: model block: width (130) must be a multiple of heads");
    }

    @Test
    void configShowRefusesABertWidthThatItsHeadsDoNotDivide() throws java.io.IOException {
        Path config = Files.writeString(dir.resolve("run.conf"), """
                include "presets/bert-tiny.conf"
                objective.type = mlm
                model.width = 129
                """);
        assertOneLine(run("config show", config), "error: " + config + ":3: model block: width (129) must be a"
                + " multiple of heads");
    }

    @Test
    void trainRefusesABadT5VariantBeforeAnyTokenizerOrDataWork() {
        Cli cli = run("train", sample("t5-span-corruption.conf"), "--set", "model.variant=v2", "--set",
                "run.output-dir=" + dir);
        assertOneLine(cli, "error: --set");
        assertTrue(cli.err().contains("model.variant = \"v2\" is not known"), cli.err());
        assertFalse(Files.exists(dir.resolve("t5-span-corruption/tokenizer.json")), "no tokenizer was trained");
        assertFalse(Files.exists(dir.resolve("t5-span-corruption/data")), "no data was prepared");
    }
}
