package dev.basalt.data.source;

/**
 * A record that could not be read and was skipped.
 *
 * @param file   the file it came from
 * @param line   the 1-based line where it starts
 * @param reason what is wrong with it, for example {@code invalid UTF-8}
 */
public record BadRecord(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
