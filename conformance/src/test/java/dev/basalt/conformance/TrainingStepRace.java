package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.TokenBatch;
import dev.basalt.api.nn.AdamW;
import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * Times training steps of Basalt and of a PyTorch reference alternately (Basalt then PyTorch in each repetition,
 * so that a change in the machine's load hits both), after warm-up steps, and summarises them as a Markdown row.
 */
public final class TrainingStepRace {

    /** The header of {@link Result#row}'s table. */
    public static final String HEADER = "| training step | reps | basalt ms | torch ms | ratio (medians) | ratio (best) "
            + "| basalt fwd / bwd / opt ms | torch fwd / bwd / opt ms | other jobs, cores |\n"
            + "|---|---:|---:|---:|---:|---:|---|---|---:|";

    /** One step: its wall time in ms, split into forward (with the loss), backward and optimizer; and its loss. */
    public record Step(double ms, double forwardMs, double backwardMs, double updateMs, double loss) {
    }

    /**
     * The steps of both sides, warm-up included, and the cores other processes used while the timed ones ran.
     */
    public record Result(List<Step> basalt, List<Step> torch, int warmup, double otherCores) {

        /** Median over the timed steps of one column of a side. */
        public double median(List<Step> side, ToDoubleFunction<Step> column) {
            return medianOf(side.subList(warmup, side.size()).stream().mapToDouble(column).toArray());
        }

        /** A row of {@link #HEADER}'s table. */
        public String row(String name) {
            double o = median(basalt, Step::ms);
            double t = median(torch, Step::ms);
            double ob = basalt.subList(warmup, basalt.size()).stream().mapToDouble(Step::ms).min().orElseThrow();
            double tb = torch.subList(warmup, torch.size()).stream().mapToDouble(Step::ms).min().orElseThrow();
            return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | **%.2f** | %.2f | %.1f / %.1f / %.1f "
                            + "| %.1f / %.1f / %.1f | %.2f |", name, basalt.size() - warmup, o, t, o / t, ob / tb,
                    median(basalt, Step::forwardMs), median(basalt, Step::backwardMs), median(basalt, Step::updateMs),
                    median(torch, Step::forwardMs), median(torch, Step::backwardMs), median(torch, Step::updateMs),
                    otherCores);
        }
    }

    private TrainingStepRace() {
    }

    /** Runs {@code warmup + reps} repetitions of both steps (each gets the repetition's index), printing each. */
    public static Result run(int warmup, int reps, IntFunction<Step> basaltStep, IntFunction<Step> torchStep) {
        List<Step> ours = new ArrayList<>();
        List<Step> theirs = new ArrayList<>();
        long ticks = 0;
        long timed = 0;
        for (int rep = 0; rep < warmup + reps; rep++) {
            long before = otherTicks();
            long began = System.nanoTime();
            Step b = basaltStep.apply(rep);
            Step t = torchStep.apply(rep);
            if (rep >= warmup) {
                ticks += otherTicks() - before;
                timed += System.nanoTime() - began;
            }
            ours.add(b);
            theirs.add(t);
            System.out.printf(Locale.ROOT, "rep %d%s: basalt %.1f ms (loss %.4f), torch %.1f ms (loss %.4f)%n", rep,
                    rep < warmup ? " (warm-up)" : "", b.ms, b.loss, t.ms, t.loss);
        }
        return new Result(ours, theirs, warmup, otherCores(ticks, timed / 1e9));
    }

    /**
     * The trainer's step on {@code batch} (as {@code Objective.loss}): logits, cross-entropy over the targets that
     * are not {@link TokenBatch#IGNORE}, backward, AdamW and zeroed gradients, in one tensor scope.
     */
    public static Step basaltStep(LanguageModel model, AdamW optimizer, TokenBatch batch) {
        long start = System.nanoTime();
        long forward;
        long backward;
        float loss;
        int positions = batch.rows() * batch.targetLength();
        try (TensorScope scope = TensorScope.open()) {
            Tensor logits = model.logits(batch);
            Tensor l = Functional.crossEntropy(logits.reshape(positions, model.vocabSize()),
                    Tensor.ofInts(batch.targets(), positions), TokenBatch.IGNORE, 0f);
            loss = l.item();
            forward = System.nanoTime();
            l.backward();
            backward = System.nanoTime();
            optimizer.step();
            optimizer.zeroGrad();
        }
        long end = System.nanoTime();
        return new Step((end - start) / 1e6, (forward - start) / 1e6, (backward - forward) / 1e6,
                (end - backward) / 1e6, loss);
    }

    /**
     * The same step in PyTorch through DJL: {@code logits} of the batch ({@code [..., V]}, built from {@code params}
     * in the scope it is given), torch's {@code cross_entropy(ignore_index=-100)} written as log-softmax, gather and
     * the mean over the positions whose target is not {@link TokenBatch#IGNORE}, backward, then {@code update} (the
     * optimizer step, which zeroes the gradients).
     */
    public static Step torchStep(NDManager manager, TorchParameters params, Function<NDManager, NDArray> logits,
                                 int[] targets, Runnable update) {
        long start = System.nanoTime();
        long forward;
        long backward;
        float lossValue;
        try (NDManager scope = manager.newSubManager()) {
            params.attachTo(scope);
            long[] ids = new long[targets.length];
            float[] labelled = new float[targets.length];
            int count = 0;
            for (int i = 0; i < targets.length; i++) {
                boolean used = targets[i] != TokenBatch.IGNORE;
                ids[i] = used ? targets[i] : 0;
                labelled[i] = used ? 1 : 0;
                count += used ? 1 : 0;
            }
            NDArray target = scope.create(ids, new Shape(targets.length, 1));
            NDArray weight = scope.create(labelled, new Shape(targets.length, 1));
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                NDArray l = logits.apply(scope);
                NDArray logp = l.reshape(-1, l.getShape().getLastDimension()).logSoftmax(1);
                NDArray picked = JniUtils.gather((PtNDArray) logp, (PtNDArray) target, 1);
                NDArray loss = picked.mul(weight).sum().div(count).neg();
                lossValue = loss.getFloat();
                forward = System.nanoTime();
                collector.backward(loss);
                backward = System.nanoTime();
            }
            update.run();
        }
        long end = System.nanoTime();
        return new Step((end - start) / 1e6, (forward - start) / 1e6, (backward - forward) / 1e6,
                (end - backward) / 1e6, lossValue);
    }

    /**
     * CPU time used by other processes, from {@code /proc/stat} minus this process's {@code /proc/self/stat}: other
     * jobs share the machine, and this says how much they took while a case ran. Clock ticks; 0 where unreadable.
     */
    public static long otherTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) {   // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
            return busy - Long.parseLong(f[11]) - Long.parseLong(f[12]);   // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Average cores used by other processes over {@code seconds}, given ticks at 100 Hz. */
    public static double otherCores(long ticks, double seconds) {
        return ticks / 100.0 / seconds;
    }

    /** The median; the mean of the middle two for an even count. */
    public static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
