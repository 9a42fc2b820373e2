package dev.basalt.data.source;

import dev.basalt.api.BasaltException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the records of a source file are laid out. */
public enum SourceFormat {
    /** Plain text; {@code text-unit} says whether a document is a file, a paragraph or a line. */
    TEXT,
    /** One JSON object per line; the document is the string field {@code text-field}. */
    JSONL,
    /** Comma- (or {@code csv-delimiter}-) separated values; the document is the column {@code csv-column}. */
    CSV,
    /** One HTML page per file, kept as markup for the {@code clean-html} stage. */
    HTML,
    /** A MediaWiki XML dump; each article (namespace 0, not a redirect) is a document, markup removed. */
    WIKIPEDIA;

    /** The format of a file, from its name with the compression extension removed. */
    public static SourceFormat detect(String fileName) {
        String name = Compression.stripExtension(fileName).toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSONL;
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return CSV;
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return HTML;
        }
        if (name.endsWith(".xml")) {
            return WIKIPEDIA;
        }
        return TEXT;
    }

    /** Parses a config value; {@code auto} is handled by the caller. */
    public static SourceFormat parse(String value, String where) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BasaltException(where + " = \"" + value + "\" is not a source format; use auto, "
                    + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                    + ".");
        }
    }
}
