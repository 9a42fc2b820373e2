package dev.basalt.distribution;

import dev.basalt.runtime.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the basalt command line in-process and captures what it prints. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * An empty plugin folder, for runs that must see the built-in plugins only: a folder given with
     * {@code --plugins} has to exist.
     */
    static String noPlugins() {
        try {
            Path empty = Files.createTempDirectory("basalt-no-plugins");
            empty.toFile().deleteOnExit();
            return empty.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, where samples/ lives. */
    static Path repo() {
        return Path.of(System.getProperty("basalt.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** Asserts a user error: exit 1 and one line {@code error: ...} holding each expected part, no stack trace. */
    void assertOneLineError(String... expected) {
        assertEquals(1, exitCode, err + out);
        assertTrue(err.startsWith("error: "), err);
        assertEquals(1, err.strip().lines().count(), err);
        for (String part : expected) {
            assertTrue(err.contains(part), part + " missing in: " + err);
        }
        assertTrue(noStackTrace(), err);
    }

    /** True when the output carries no Java stack trace. */
    boolean noStackTrace() {
        return !(err + out).contains("\tat ") && !(err + out).contains("Exception in thread");
    }
}
