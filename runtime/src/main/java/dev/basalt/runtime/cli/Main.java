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
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = Boolean.getBoolean("basalt.debug");
            if (ex instanceof BasaltException && !debug) {
                err.println("error: " + ex.getMessage());
            } else if (debug) {
                ex.printStackTrace(err);
            } else {
                err.println("internal error: " + ex
                        + "\nThis is a bug in Basalt or a plugin. Run again with -Dbasalt.debug=true"
                        + " (BASALT_DEBUG=1 with ./basalt) for the stack trace.");
            }
            err.flush();
            return ex instanceof BasaltException ? 1 : 3;
        });
        return cli.execute(args);
    }
}
