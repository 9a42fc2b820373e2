package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The texts a command reads: given after the model, or one per line of {@code --file}. */
final class TextInputs {

    static final String FILE_DESCRIPTION = "A UTF-8 file with one text per line (blank lines skipped).";

    private TextInputs() {
    }

    /** The texts, at least one; {@code verb} says what the command does with them ("embed", "classify"). */
    static List<String> read(List<String> texts, Path file, String verb) {
        if (file != null && !texts.isEmpty()) {
            throw new BasaltException("Give texts either as arguments or with --file, not both.");
        }
        if (file == null) {
            if (texts.isEmpty()) {
                throw new BasaltException("Nothing to " + verb + ": give texts after the model, or --file F.");
            }
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i).isBlank()) {
                    throw new BasaltException("Text " + (i + 1) + " of the arguments is empty; give something to "
                            + verb + " (--file skips blank lines).");
                }
            }
            return texts;
        }
        if (!Files.exists(file)) {
            throw new BasaltException(file + " does not exist (working directory " + Path.of("").toAbsolutePath() + ").");
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new BasaltException(file + " has no non-blank line to " + verb + ".");
            }
            return lines;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BasaltException(file + " is not UTF-8 text (a compressed or binary file?); give a UTF-8 file"
                    + " with one text per line.", e);
        } catch (IOException e) {
            throw new BasaltException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
