package dev.basalt.distribution;

import dev.basalt.runtime.cli.BasaltCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help, option parsing and plugin folders: what a newcomer meets before any model is loaded. */
class CommandLineUsageTest {

    @TempDir
    Path dir;

    private static List<CommandLine> everyCommand(CommandLine command) {
        List<CommandLine> all = new ArrayList<>(List.of(command));
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!all.contains(sub)) {
                all.addAll(everyCommand(sub));
            }
        }
        return all;
    }

    @Test
    void everyCommandAndSubcommandPrintsItsUsageForHelp() {
        for (CommandLine command : everyCommand(new CommandLine(new BasaltCommand()))) {
            String name = command.getCommandSpec().qualifiedName();
            if (name.equals("basalt help")) {
                continue; // its own usage opens with its description; the help subcommand has a test of its own
            }
            List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
            args.add("--help");
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertEquals(0, cli.exitCode(), name + ": " + cli.err());
            assertTrue(cli.out().startsWith("Usage: " + name), name + ": " + cli.out());
        }
    }

    @Test
    void theHelpSubcommandPrintsTheUsageOfTheCommandItNames() {
        Cli top = Cli.run("help");
        assertEquals(0, top.exitCode(), top.err());
        assertTrue(top.out().startsWith("Usage: basalt") && top.out().contains("generate"), top.out());
        Cli generate = Cli.run("help", "generate");
        assertEquals(0, generate.exitCode(), generate.err());
        assertTrue(generate.out().startsWith("Usage: basalt generate"), generate.out());
    }

    @Test
    void everyOptionAndParameterIsDescribed() {
        for (CommandLine command : everyCommand(new CommandLine(new BasaltCommand()))) {
            CommandSpec spec = command.getCommandSpec();
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec arg : args) {
                String label = spec.qualifiedName() + " " + (arg.isOption() ? ((CommandLine.Model.OptionSpec) arg)
                        .longestName() : arg.paramLabel());
                assertTrue(arg.description().length > 0 && !String.join("", arg.description()).isBlank(),
                        label + " has no help text");
            }
        }
    }

    @Test
    void generateHelpSaysWhatAnEncoderDecoderPrintsAndWhichOptionsGoWithBeams() {
        String usage = Cli.run("generate", "--help").out().replaceAll("\\s+", " ");
        assertTrue(usage.contains("the prompt is the source text and is not echoed"), usage);
        assertTrue(usage.contains("<extra_id_N>"), usage);
        assertTrue(usage.contains("apply without beam search only"), usage);
        assertTrue(usage.matches(".*--length-penalty=A Beam search only: .*1\\.0 unless.*"), usage);
    }

    @Test
    void thePluginsDefaultIsShownAsTwoPaths() {
        Cli cli = Cli.run("generate", "--help");
        String usage = cli.out().replaceAll("\\s+", " ");
        assertFalse(usage.contains(". /plugins"), cli.out());
        assertTrue(usage.contains("'plugins' in the working directory and '~/.basalt/plugins'"), cli.out());
    }

    @Test
    void anUnknownOptionIsOneLinePointingAtHelp() {
        Cli.run("generate", dir.toString(), "--prompt", "x", "--frobnicate")
                .assertOneLineError("--frobnicate", "see 'basalt generate --help'");
        Cli.run("tokenizer", "train", "--frob").assertOneLineError("--frob", "see 'basalt tokenizer train --help'");
    }

    @Test
    void aValueOfTheWrongTypeIsOneLinePointingAtHelp() {
        Cli.run("generate", dir.toString(), "--prompt", "x", "--temperature", "hot")
                .assertOneLineError("--temperature", "hot", "see 'basalt generate --help'");
    }

    @Test
    void aMissingParameterIsOneLinePointingAtHelp() {
        Cli.run("eval", dir.toString()).assertOneLineError("FILE", "see 'basalt eval --help'");
    }

    @Test
    void aMissingPluginFolderGivenExplicitlyIsAnError() {
        Path absent = dir.resolve("absent");
        Cli.run("plugins", "--plugins", absent.toString()).assertOneLineError(absent.toString(), "does not exist");
    }

    @Test
    void aPluginJarThatCannotBeReadIsAnErrorNamingIt() throws IOException {
        Path broken = Files.write(dir.resolve("broken.jar"), "not a zip archive".getBytes());
        Cli.run("plugins", "--plugins", dir.toString()).assertOneLineError(broken.toString(), "cannot be read");
    }
}
