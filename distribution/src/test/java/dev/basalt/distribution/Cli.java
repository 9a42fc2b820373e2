package dev.basalt.distribution;

import dev.basalt.runtime.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the basalt command line in-process and captures what it prints. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** The repository root, where samples/ lives. */
    static Path repo() {
        return Path.of(System.getProperty("basalt.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** True when the output carries no Java stack trace. */
    boolean noStackTrace() {
        return !(err + out).contains("\tat ") && !(err + out).contains("Exception in thread");
    }
}
