package dev.basalt.api.classify;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueType;
import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads texts and labels from a JSONL file (one object per line, a text field and a label field) or a CSV file (a
 * header row naming the columns; fields may be double-quoted, with {@code ""} for a quote, and a record is one line).
 */
public final class LabelledTexts {

    private LabelledTexts() {
    }

    /**
     * @param textField  the JSONL field or CSV column holding the text
     * @param labelField the one holding the label; empty to read unlabelled text
     */
    public static List<LabelledText> read(Path file, String textField, String labelField) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(file)) {
            throw new BasaltException(file + " is a folder; give a .jsonl or .csv file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BasaltException(file + " does not exist (working directory " + Path.of("").toAbsolutePath() + ")");
        } catch (CharacterCodingException e) {
            throw new BasaltException(file + " is not UTF-8 text (a compressed or binary file?); labelled data is read"
                    + " from plain .jsonl or .csv files");
        } catch (IOException e) {
            throw new BasaltException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!lines.isEmpty() && lines.getFirst().startsWith("\uFEFF")) {
            lines.set(0, lines.getFirst().substring(1));      // the byte-order mark spreadsheet programs write
        }
        if (name.endsWith(".jsonl")) {
            return jsonl(file, lines, textField, labelField);
        }
        if (name.endsWith(".csv")) {
            return csv(file, lines, textField, labelField);
        }
        throw new BasaltException(file + ": labelled data is read from .jsonl or .csv files");
    }

    private static List<LabelledText> jsonl(Path file, List<String> lines, String textField, String labelField) {
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String origin = file + ":" + (i + 1);
            Config record;
            try {
                record = ConfigFactory.parseString(line, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
            } catch (ConfigException e) {
                throw new BasaltException(origin + ": not a JSON object (" + e.getMessage().replaceFirst("^String: 1: ", "")
                        + ")");
            }
            String text = text(jsonField(record, textField, origin), origin);
            String label = labelField.isEmpty() ? null : label(jsonField(record, labelField, origin), origin);
            out.add(new LabelledText(text, label, origin));
        }
        return out;
    }

    /** A text with something to read: an empty or blank one would train (or be labelled) on special tokens alone. */
    private static String text(String raw, String origin) {
        if (raw.isBlank()) {
            throw new BasaltException(origin + ": the text is empty; every record needs a text to classify");
        }
        return raw;
    }

    /** A label without the spaces around it; an empty one is an error, since it would silently become a class. */
    private static String label(String raw, String origin) {
        String label = raw.strip();
        if (label.isEmpty()) {
            throw new BasaltException(origin + ": the label is empty; every training or validation record needs one");
        }
        return label;
    }

    private static String jsonField(Config record, String field, String origin) {
        String quoted = ConfigQuoting.quote(field);
        if (record.root().containsKey(field) && record.root().get(field).valueType() == ConfigValueType.NULL) {
            throw new BasaltException(origin + ": field \"" + field + "\" is null; it must be a string, number or boolean");
        }
        if (!record.hasPath(quoted)) {
            throw new BasaltException(origin + ": no field \"" + field + "\"; this record has " + record.root().keySet());
        }
        ConfigValueType type = record.getValue(quoted).valueType();
        if (type != ConfigValueType.STRING && type != ConfigValueType.NUMBER && type != ConfigValueType.BOOLEAN) {
            throw new BasaltException(origin + ": field \"" + field + "\" is a " + type.name().toLowerCase(Locale.ROOT)
                    + "; it must be a string, number or boolean");
        }
        return record.getString(quoted);
    }

    private static List<LabelledText> csv(Path file, List<String> lines, String textField, String labelField) {
        if (lines.isEmpty()) {
            throw new BasaltException(file + " is empty; a CSV file starts with a header row naming its columns");
        }
        List<String> header = CsvLine.split(lines.getFirst(), file + ":1");
        int textColumn = column(header, textField, file);
        int labelColumn = labelField.isEmpty() ? -1 : column(header, labelField, file);
        List<LabelledText> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String origin = file + ":" + (i + 1);
            List<String> fields = CsvLine.split(lines.get(i), origin);
            if (fields.size() != header.size()) {
                throw new BasaltException(origin + ": " + fields.size() + " fields, but the header names "
                        + header.size() + " columns " + header);
            }
            out.add(new LabelledText(text(fields.get(textColumn), origin),
                    labelColumn < 0 ? null : label(fields.get(labelColumn), origin), origin));
        }
        return out;
    }

    private static int column(List<String> header, String field, Path file) {
        int at = header.indexOf(field);
        if (at < 0) {
            throw new BasaltException(file + ":1: no column \"" + field + "\"; the header names " + header);
        }
        return at;
    }
}
