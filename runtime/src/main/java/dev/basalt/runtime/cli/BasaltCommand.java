package dev.basalt.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

/**
 * The top-level {@code basalt} command; each capability is a sub-command. Every command and sub-command inherits
 * {@code --help} and {@code --version}, and {@code basalt help [COMMAND]} prints the same usage.
 */
@Command(name = "basalt", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "basalt 0.1.0-SNAPSHOT",
        description = "Build, pretrain, fine-tune and run transformer language models, assembled from plugins.",
        subcommands = {TrainCommand.class, GenerateCommand.class, EvalCommand.class, EmbedCommand.class, ClassifyCommand.class,
            TokenizerCommand.class,
            DataCommand.class, CompareCommand.class, CheckpointCommands.Import.class, CheckpointCommands.Export.class,
            PluginsCommand.class, ConfigCommand.class, DoctorCommand.class, HelpCommand.class})
public final class BasaltCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
