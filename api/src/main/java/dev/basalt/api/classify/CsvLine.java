package dev.basalt.api.classify;

import dev.basalt.api.BasaltException;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV record (RFC 4180 quoting: a field in double quotes may hold commas, {@code ""} is a quote). */
final class CsvLine {

    private CsvLine() {
    }

    static List<String> split(String line, String origin) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted) {
                throw new BasaltException(origin + ": text after a closing quote at column " + (i + 1)
                        + "; a quoted field ends at a comma or the end of the line");
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new BasaltException(origin + ": a quoted field is not closed; a record must fit on one line");
        }
        fields.add(field.toString());
        return fields;
    }
}
