package dev.basalt.data.source;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One element of {@code data.sources}: a file or folder and how to read it. Defaults are in
 * {@code basalt.data-source} of this plugin's {@code reference.conf}.
 *
 * @param path         file or folder; a folder is read recursively in name order
 * @param name         the source's name in reports and document ids
 * @param format       the record layout, or empty to detect it per file from the extension
 * @param textUnit     for plain text: {@code file}, {@code paragraph} (blank-line separated) or {@code line}
 * @param textField    for JSONL: the field holding the text
 * @param csvColumn    for CSV: the column header, or a 0-based index when {@code csvHeader} is false
 * @param csvDelimiter for CSV: the field separator, one character
 * @param csvHeader    for CSV: whether the first record names the columns
 * @param include      the {@code glob} setting: glob that files inside a folder must match
 * @param weight       sampling weight in the training mixture: 2 writes each document twice, 0.5 half of them
 */
public record SourceSpec(Path path, String name, Optional<SourceFormat> format, String textUnit, String textField,
                         String csvColumn, char csvDelimiter, boolean csvHeader, String include, double weight) {

    static final String DEFAULTS_PATH = "basalt.data-source";
    private static final List<String> TEXT_UNITS = List.of("file", "paragraph", "line");

    /** Reads one source block, filling unset keys from the plugin's defaults. */
    public static SourceSpec fromConfig(Config block, String where) {
        Config defaults = ConfigFactory.defaultReference(SourceSpec.class.getClassLoader()).getConfig(DEFAULTS_PATH);
        for (var entry : block.root().keySet()) {
            if (!defaults.hasPath(entry)) {
                throw new BasaltException(where + "." + entry + " is not a source setting; valid keys are "
                        + defaults.root().keySet() + ".");
            }
        }
        Config config = block.withFallback(defaults);
        try {
            String pathText = config.getString("path");
            if (pathText.isBlank()) {
                throw new BasaltException(where + ".path is missing: give the file or folder to read.");
            }
            Path path = Path.of(pathText);
            String name = config.getString("name").isBlank() ? path.getFileName().toString() : config.getString("name");
            String formatText = config.getString("format").toLowerCase(Locale.ROOT);
            Optional<SourceFormat> format = formatText.equals("auto") ? Optional.empty()
                    : Optional.of(SourceFormat.parse(formatText, where + ".format"));
            String unit = config.getString("text-unit");
            if (!TEXT_UNITS.contains(unit)) {
                throw new BasaltException(where + ".text-unit = \"" + unit + "\"; use one of " + TEXT_UNITS + ".");
            }
            String delimiter = config.getString("csv-delimiter");
            if (delimiter.length() != 1) {
                throw new BasaltException(where + ".csv-delimiter = \"" + delimiter + "\" must be one character.");
            }
            double weight = config.getDouble("weight");
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new BasaltException(where + ".weight = " + weight + " must be a finite number >= 0.");
            }
            return new SourceSpec(path, name, format, unit, config.getString("text-field"),
                    config.getString("csv-column"), delimiter.charAt(0), config.getBoolean("csv-header"),
                    config.getString("glob"), weight);
        } catch (ConfigException e) {
            throw new BasaltException(where + ": " + e.getMessage(), e);
        }
    }

    /** The files this source reads, in a stable order. */
    public List<Path> files() {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new BasaltException("Source '" + name + "': " + path + " is neither a file nor a folder"
                    + (path.isAbsolute() ? "." : " (a relative path is read from the working directory, "
                    + Path.of("").toAbsolutePath() + ")."));
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + include);
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> matcher.matches(p.getFileName()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BasaltException("Source '" + name + "': cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    /** The format of one of this source's files. */
    public SourceFormat formatOf(Path file) {
        return format.orElseGet(() -> SourceFormat.detect(file.getFileName().toString()));
    }
}
