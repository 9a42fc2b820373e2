package dev.basalt.runtime.cli;

import dev.basalt.api.BasaltException;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a failed command is reported: one line and its exit code, never a stack trace outside debug mode. */
class MainTest {

    private static String[] report(Throwable failure, int expectedCode) {
        StringWriter err = new StringWriter();
        assertEquals(expectedCode, Main.report(failure, new PrintWriter(err, true)));
        String text = err.toString();
        assertFalse(text.contains("\tat "), text);
        return text.strip().lines().toArray(String[]::new);
    }

    @Test
    void runningOutOfMemoryIsOneLineNamingTheHeapAndHowToGrowIt() {
        long heapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        for (Throwable failure : new Throwable[] {new OutOfMemoryError("Java heap space"),
                new CompletionException(new OutOfMemoryError("Java heap space"))}) {
            String[] lines = report(failure, 1);
            assertEquals(1, lines.length, String.join("\n", lines));
            assertTrue(lines[0].startsWith("error: out of memory (Java heap space; heap at most " + heapMiB + " MiB)"),
                    lines[0]);
            assertTrue(lines[0].contains("--beams") && lines[0].contains("BASALT_OPTS=-Xmx"), lines[0]);
        }
    }

    @Test
    void userErrorsAreExitOneAndBugsExitThree() {
        assertEquals("error: bad value", report(new BasaltException("bad value"), 1)[0]);
        assertTrue(report(new IllegalStateException("broken"), 3)[0].startsWith("internal error: "));
    }
}
