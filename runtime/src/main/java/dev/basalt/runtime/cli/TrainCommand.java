package dev.basalt.runtime.cli;

import dev.basalt.runtime.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code basalt train CONFIG}: pretrain (data, tokenizer, checkpoints, samples) or fine-tune a classifier, as the objective says. */
@Command(name = "train", description = "Train a model from a run configuration: pretrain on a corpus, or fine-tune a classifier on labelled texts.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Option(names = "--resume", description = "Continue from the run folder's latest checkpoint.")
    boolean resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Trainer trainer = new Trainer(run.assemble(), spec.commandLine().getOut());
        Thread interrupted = new Thread(() -> reportInterrupt(trainer, System.err), "basalt-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            trainer.run(resume);
        } finally {
            removeHook(interrupted);
        }
        return 0;
    }

    /** Said when the JVM stops mid-run (Ctrl-C, SIGTERM): how far it got and how to go on. */
    private static void reportInterrupt(Trainer trainer, PrintStream err) {
        err.println();
        err.println(trainer.interrupted());
        err.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already stopping: the hook runs and reports
        }
    }

}
