package dev.basalt.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.runtime.train.CheckpointStore;
import dev.basalt.runtime.train.LossCurvePlot;
import dev.basalt.runtime.train.MetricsLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code basalt compare RUN...}: the losses of several pretraining runs side by side, as a table and one picture, and
 * the validation accuracy of fine-tuning runs round by round.
 */
@Command(name = "compare", description = {"Compare training runs: a table of their losses and, with --plot, their curves.",
        "Fine-tuning runs (objective.type = sequence-classification) get a table of validation accuracy per round."})
final class CompareCommand implements Runnable {

    @Parameters(arity = "1..*", paramLabel = "RUN",
            description = "Run folders (runs/NAME): pretraining runs with their metrics.jsonl, fine-tuning runs with"
                    + " checkpoints holding evaluation.json.")
    List<Path> runs;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "Draw every pretraining run's evaluation loss (thick) and training loss (thin) into this"
                    + " picture.")
    Path plot;

    @Spec
    CommandSpec spec;

    /** What the table says of one run. */
    private record Row(String name, String model, String objective, List<MetricsLog.Entry> entries) {

        double recentTrainLoss() {
            int n = Math.max(1, entries.size() / 10);
            return entries.subList(entries.size() - n, entries.size()).stream()
                    .mapToDouble(MetricsLog.Entry::loss).average().orElse(Double.NaN);
        }

        double lastEvalLoss() {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (Double.isFinite(entries.get(i).evalLoss())) {
                    return entries.get(i).evalLoss();
                }
            }
            return Double.NaN;
        }

        double medianTokensPerSecond() {
            double[] rates = entries.stream().mapToDouble(MetricsLog.Entry::tokensPerSecond).sorted().toArray();
            return rates[rates.length / 2];
        }
    }

    @Override
    public void run() {
        List<Row> pretraining = new ArrayList<>();
        List<FineTuningRounds> fineTuning = new ArrayList<>();
        for (Path run : runs) {
            if (!Files.isDirectory(run)) {
                throw new BasaltException(run + (Files.exists(run) ? " is a file, not a run folder" : " does not exist")
                        + "; give run folders such as runs/NAME (a glob of folders only: runs/NAME/*/).");
            }
            if (Files.isRegularFile(run.resolve("metrics.jsonl"))) {
                pretraining.add(read(run));
            } else {
                fineTuning.add(FineTuningRounds.read(run).orElseThrow(() -> new BasaltException(run
                        + " has no metrics.jsonl (a pretraining run) and no checkpoint with evaluation.json (a"
                        + " fine-tuning run); give run folders such as runs/NAME.")));
            }
        }
        if (plot != null && pretraining.isEmpty()) {
            throw new BasaltException("--plot draws the loss curves of pretraining runs, and these are fine-tuning runs;"
                    + " leave out --plot to compare their accuracy.");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!pretraining.isEmpty()) {
            printLosses(pretraining, out);
        }
        if (!fineTuning.isEmpty()) {
            if (!pretraining.isEmpty()) {
                out.println();
            }
            printAccuracy(fineTuning, out);
        }
        if (plot != null) {
            writePlot(pretraining);
            out.println("plot: " + plot);
        }
        out.flush();
    }

    private static void printLosses(List<Row> rows, PrintWriter out) {
        out.println("| run | model | objective | steps | training loss (last 10 %) | evaluation loss | evaluation ppl"
                + " | tokens/s (median) |");
        out.println("|---|---|---|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            double eval = r.lastEvalLoss();
            out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.4f | %s | %s | %.0f |%n", r.name(), r.model(), r.objective(),
                    r.entries().getLast().step(), r.recentTrainLoss(),
                    Double.isFinite(eval) ? String.format(Locale.ROOT, "%.4f", eval) : "-",
                    Double.isFinite(eval) ? String.format(Locale.ROOT, "%.2f", Math.exp(eval)) : "-",
                    r.medianTokensPerSecond());
        }
        out.println();
        out.println("Each loss is its objective's own cross-entropy per predicted token: it compares runs of one"
                + " objective; across objectives the predicted tokens differ (next token, masked tokens, spans).");
    }

    private static void printAccuracy(List<FineTuningRounds> runs, PrintWriter out) {
        out.println("| run | round | labelled | pseudo-labels | validation accuracy | validation loss |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (FineTuningRounds run : runs) {
            for (FineTuningRounds.Round r : run.rounds()) {
                boolean validated = r.count() > 0;
                out.printf(Locale.ROOT, "| %s | %d | %s | %d | %s | %s |%n", run.name(), r.number(),
                        r.labelled() < 0 ? "-" : Integer.toString(r.labelled()), r.pseudoLabels(),
                        validated ? String.format(Locale.ROOT, "%.3f (%d/%d)", r.accuracy(), r.correct(), r.count())
                                : "-",
                        validated ? String.format(Locale.ROOT, "%.4f", r.loss()) : "-");
            }
        }
    }

    private static Row read(Path run) {
        Path metrics = run.resolve("metrics.jsonl");
        List<MetricsLog.Entry> entries;
        try {
            entries = MetricsLog.read(metrics);
        } catch (IOException e) {
            throw new BasaltException("Cannot read " + metrics + ": " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new BasaltException(metrics + " holds no finished step yet.");
        }
        Optional<Config> settings = settings(run);
        String model = settings.map(c -> c.hasPath("model.architecture") ? c.getString("model.architecture") : "?")
                .orElse("?");
        String objective = settings.map(c -> c.hasPath("objective.type") ? c.getString("objective.type") : "?")
                .orElse("?");
        return new Row(run.getFileName().toString(), model, objective, entries);
    }

    /** The resolved config saved with the run's latest checkpoint, when there is one. */
    private static Optional<Config> settings(Path run) {
        try {
            Optional<Path> latest = new CheckpointStore(run, 1).latest();
            if (latest.isEmpty() || !Files.isRegularFile(latest.get().resolve("basalt.conf"))) {
                return Optional.empty();
            }
            return Optional.of(ConfigFactory.parseFile(latest.get().resolve("basalt.conf").toFile()));
        } catch (IOException | ConfigException e) {
            return Optional.empty();
        }
    }

    private void writePlot(List<Row> rows) {
        List<LossCurvePlot.Series> series = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            var color = LossCurvePlot.PALETTE.get(i % LossCurvePlot.PALETTE.size());
            String label = r.name().equals(r.objective()) ? r.name() : r.name() + " (" + r.objective() + ")";
            series.add(new LossCurvePlot.Series(label + " eval", color, false,
                    LossCurvePlot.points(r.entries(), MetricsLog.Entry::evalLoss)));
            series.add(new LossCurvePlot.Series(label + " train", color, true,
                    LossCurvePlot.points(r.entries(), MetricsLog.Entry::loss)));
        }
        try {
            LossCurvePlot.writeCurves(series, "loss by step", plot);
        } catch (IOException e) {
            throw new BasaltException("Cannot write " + plot + ": " + e.getMessage(), e);
        }
    }
}
