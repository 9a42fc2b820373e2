package dev.basalt.runtime.train;

import dev.basalt.api.format.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The metrics of a run as JSON lines, one per logged step: {@code {"step":10,"loss":3.2,"lr":1e-4,...}} with
 * {@code "eval_loss"} on evaluation steps. A resumed run first drops the lines after its checkpoint's step, so the
 * file always reads as one uninterrupted run.
 */
public final class MetricsLog {

    /** One logged step; {@code evalLoss} is NaN on steps without evaluation. */
    public record Entry(int step, double loss, double lr, double tokensPerSecond, double evalLoss) {
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    private MetricsLog(Path file) {
        this.file = file;
    }

    /** Opens the log of a run, keeping only the entries of steps up to {@code lastStep} (none for a fresh run: 0). */
    public static MetricsLog open(Path file, int lastStep) throws IOException {
        MetricsLog log = new MetricsLog(file);
        if (Files.exists(file) && lastStep > 0) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Entry entry = parse(line);
                if (entry != null && entry.step() <= lastStep) {
                    log.entries.add(entry);
                }
            }
        }
        AtomicFiles.writeString(file, log.render());
        return log;
    }

    /** The entries of a run's metrics file, read only; a line cut by a crash is skipped. */
    public static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Entry entry = parse(line);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    public void append(Entry entry) {
        entries.add(entry);
        try {
            Files.writeString(file, line(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    private String render() {
        StringBuilder out = new StringBuilder();
        entries.forEach(e -> out.append(line(e)).append('\n'));
        return out.toString();
    }

    static String line(Entry e) {
        String base = String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%s,\"lr\":%s,\"tokens_per_second\":%.1f",
                e.step(), number(e.loss()), number(e.lr()), e.tokensPerSecond());
        return base + (Double.isNaN(e.evalLoss()) ? "" : ",\"eval_loss\":" + number(e.evalLoss())) + "}";
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }

    static Entry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            var root = com.typesafe.config.ConfigFactory.parseString(line,
                    com.typesafe.config.ConfigParseOptions.defaults().setSyntax(com.typesafe.config.ConfigSyntax.JSON));
            return new Entry(root.getInt("step"), doubleOrNaN(root, "loss"), doubleOrNaN(root, "lr"),
                    doubleOrNaN(root, "tokens_per_second"), doubleOrNaN(root, "eval_loss"));
        } catch (RuntimeException e) {
            return null; // a line cut by a crash
        }
    }

    private static double doubleOrNaN(com.typesafe.config.Config c, String key) {
        return c.hasPath(key) ? c.getDouble(key) : Double.NaN;
    }
}
