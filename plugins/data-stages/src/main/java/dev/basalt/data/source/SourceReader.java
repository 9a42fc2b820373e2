package dev.basalt.data.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.Document;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads the records of one source file, whatever its compression and format, and hands documents and bad
 * records to a {@link RecordVisitor}. Never throws for bad content: a record with invalid UTF-8, a broken JSON
 * line or a CSV row without the column is reported as a {@link BadRecord} with its line and skipped. Only an
 * unreadable file (missing, truncated archive) raises {@link BasaltException}.
 */
public final class SourceReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final SourceSpec spec;
    private final LongAdder rawBytes;

    /**
     * @param spec     the source the files belong to
     * @param rawBytes counts the bytes read from disk (before decompression), for progress
     */
    public SourceReader(SourceSpec spec, LongAdder rawBytes) {
        this.spec = spec;
        this.rawBytes = rawBytes;
    }

    /** Reads one file of the source. */
    public void read(Path file, RecordVisitor visitor) {
        String label = label(file);
        Compression compression = Compression.of(file.getFileName().toString());
        try (InputStream in = compression.decompress(new CountingInputStream(Files.newInputStream(file), rawBytes));
             FlaggingUtf8Reader reader = new FlaggingUtf8Reader(in)) {
            switch (spec.formatOf(file)) {
                case TEXT -> readText(label, reader, visitor);
                case JSONL -> readJsonLines(label, reader, visitor);
                case CSV -> readCsv(label, reader, visitor);
                case HTML -> readWhole(label, reader, visitor);
                case WIKIPEDIA -> new WikipediaDumpReader(label, spec.name()).read(in, visitor);
            }
        } catch (IOException | UncheckedIOException e) {
            visitor.bad(new BadRecord(label, 0, "file could not be read to the end (" + compression
                    + " stream damaged or truncated?): " + e.getMessage()));
        }
    }

    private String label(Path file) {
        if (file.equals(spec.path())) {
            return file.getFileName().toString();
        }
        return spec.path().relativize(file).toString();
    }

    private String id(String label, long line) {
        return spec.name() + "/" + label + ":" + line;
    }

    private void readText(String label, FlaggingUtf8Reader reader, RecordVisitor visitor) throws IOException {
        switch (spec.textUnit()) {
            case "line" -> forEachLine(reader, (line, text) -> {
                if (reader.malformedBetween(line, line)) {
                    visitor.bad(new BadRecord(label, line, "invalid UTF-8"));
                } else if (!text.isBlank()) {
                    visitor.document(new Document(id(label, line), spec.name(), text));
                }
                reader.forgetBefore(line);
            });
            case "paragraph" -> readParagraphs(label, reader, visitor);
            default -> readWhole(label, reader, visitor);
        }
    }

    private void readParagraphs(String label, FlaggingUtf8Reader reader, RecordVisitor visitor) throws IOException {
        StringBuilder paragraph = new StringBuilder();
        long[] start = {0};
        LineHandler flush = (line, ignored) -> {
            if (paragraph.isEmpty()) {
                return;
            }
            if (reader.malformedBetween(start[0], line - 1)) {
                visitor.bad(new BadRecord(label, start[0], "invalid UTF-8"));
            } else {
                visitor.document(new Document(id(label, start[0]), spec.name(), paragraph.toString()));
            }
            paragraph.setLength(0);
            reader.forgetBefore(line);
        };
        long last = forEachLine(reader, (line, text) -> {
            if (text.isBlank()) {
                flush.line(line, text);
            } else {
                if (paragraph.isEmpty()) {
                    start[0] = line;
                } else {
                    paragraph.append('\n');
                }
                paragraph.append(text);
            }
        });
        flush.line(last + 1, "");
    }

    private void readWhole(String label, FlaggingUtf8Reader reader, RecordVisitor visitor) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[1 << 14];
        for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
            text.append(buffer, 0, n);
        }
        long bad = reader.firstMalformedFrom(1);
        if (bad > 0) {
            visitor.bad(new BadRecord(label, bad, "invalid UTF-8"));
        } else if (!text.isEmpty()) {
            visitor.document(new Document(id(label, 1), spec.name(), text.toString()));
        }
    }

    private void readJsonLines(String label, FlaggingUtf8Reader reader, RecordVisitor visitor) throws IOException {
        forEachLine(reader, (line, text) -> {
            reader.forgetBefore(line);
            if (reader.malformedBetween(line, line)) {
                visitor.bad(new BadRecord(label, line, "invalid UTF-8"));
                return;
            }
            if (text.isBlank()) {
                return;
            }
            try {
                String value = jsonField(text, spec.textField());
                if (value == null) {
                    visitor.bad(new BadRecord(label, line, "no string field \"" + spec.textField() + "\""));
                } else {
                    visitor.document(new Document(id(label, line), spec.name(), value));
                }
            } catch (JsonProcessingException e) {
                visitor.bad(new BadRecord(label, line, "broken JSON: " + e.getOriginalMessage()));
            }
        });
    }

    /** The top-level string field of one JSON object, or null when absent or not a string. */
    static String jsonField(String json, String field) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonProcessingException("a JSONL line must be a JSON object") { };
            }
            String found = null;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name) && value == JsonToken.VALUE_STRING) {
                    found = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new JsonProcessingException("text after the end of the JSON object") { };
            }
            return found;
        }
    }

    private void readCsv(String label, FlaggingUtf8Reader reader, RecordVisitor visitor) throws IOException {
        CSVFormat.Builder format = CSVFormat.RFC4180.builder().setDelimiter(spec.csvDelimiter()).setIgnoreEmptyLines(true);
        if (spec.csvDelimiter() == '\t') {
            format.setQuote(null);
        }
        if (spec.csvHeader()) {
            format.setHeader().setSkipHeaderRecord(true);
        }
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format.get()).get()) {
            int column = columnIndex(parser, label);
            long startLine = parser.getCurrentLineNumber() + 1;
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    visitor.bad(new BadRecord(label, startLine, "broken CSV, rest of file skipped: " + e.getMessage()));
                    return;
                }
                long endLine = Math.max(startLine, parser.getCurrentLineNumber());
                if (reader.malformedBetween(startLine, endLine)) {
                    visitor.bad(new BadRecord(label, startLine, "invalid UTF-8"));
                } else if (column >= record.size()) {
                    visitor.bad(new BadRecord(label, startLine, "row has " + record.size() + " columns, needs column "
                            + spec.csvColumn()));
                } else {
                    visitor.document(new Document(id(label, startLine), spec.name(), record.get(column)));
                }
                reader.forgetBefore(startLine);
                startLine = endLine + 1;
            }
        }
    }

    private int columnIndex(CSVParser parser, String label) {
        if (spec.csvHeader()) {
            Integer index = parser.getHeaderMap() == null ? null : parser.getHeaderMap().get(spec.csvColumn());
            if (index == null) {
                throw new BasaltException("Source '" + spec.name() + "', " + label + ": the CSV header has no column \""
                        + spec.csvColumn() + "\"; it has " + parser.getHeaderNames() + ".");
            }
            return index;
        }
        try {
            return Integer.parseInt(spec.csvColumn());
        } catch (NumberFormatException e) {
            throw new BasaltException("Source '" + spec.name() + "': csv-column = \"" + spec.csvColumn()
                    + "\" must be a 0-based column number when csv-header = false.");
        }
    }

    @FunctionalInterface
    private interface LineHandler {
        void line(long number, String text) throws IOException;
    }

    /** Calls the handler for every line with its 1-based number; returns the number of the last line. */
    private static long forEachLine(FlaggingUtf8Reader reader, LineHandler handler) throws IOException {
        BufferedReader lines = new BufferedReader(reader, 1 << 16);
        long number = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            number++;
            handler.line(number, line);
        }
        return number;
    }
}
