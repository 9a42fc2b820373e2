package dev.basalt.runtime.cli;

import dev.basalt.runtime.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code basalt train CONFIG}: prepare the data and tokenizer, pretrain, checkpoint, and print samples. */
@Command(name = "train", description = "Train a model from a run configuration.")
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
        trainer.run(resume);
        return 0;
    }
}
