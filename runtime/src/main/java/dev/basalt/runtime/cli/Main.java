package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of the {@code basalt} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. User errors print one message, never a stack trace. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BasaltCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println("error: " + ex.getMessage() + "; see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            err.flush();
            return 1;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return report(e, err);
        }
    }

    /** Prints a failed command's one line (or its stack trace in debug mode) and returns the exit code. */
    static int report(Throwable ex, PrintWriter err) {
        boolean debug = Boolean.getBoolean("basalt.debug");
        OutOfMemoryError memory = outOfMemory(ex);
        if (debug) {
            ex.printStackTrace(err);
        } else if (ex instanceof BasaltException) {
            err.println("error: " + ex.getMessage());
        } else if (memory != null) {
            err.println("error: out of memory (" + memory.getMessage() + "; heap at most "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB): use a smaller batch or --beams, or"
                    + " give the JVM more memory with BASALT_OPTS=-Xmx<size> (for example -Xmx8g).");
        } else {
            err.println("internal error: " + ex
                    + "\nThis is a bug in Basalt or a plugin. Run again with -Dbasalt.debug=true"
                    + " (BASALT_DEBUG=1 with ./basalt) for the stack trace.");
        }
        err.flush();
        return ex instanceof BasaltException || memory != null ? 1 : 3;
    }

    /** The out-of-memory error that caused {@code ex}, which a worker thread's failure may wrap; else null. */
    private static OutOfMemoryError outOfMemory(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError memory) {
                return memory;
            }
        }
        return null;
    }
}
