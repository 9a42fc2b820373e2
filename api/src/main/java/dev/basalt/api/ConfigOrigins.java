package dev.basalt.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;

import java.net.URL;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short, clickable descriptions of where a config value came from, {@code file:line}, for error messages: a plugin
 * that refuses a value names it as {@code ConfigOrigins.of(block, "heads") + ": ..."}.
 */
public final class ConfigOrigins {

    private static final String MERGED = "merge of ";
    private static final Pattern FILE_LINE = Pattern.compile("(/.*): ?(\\d+)");

    private ConfigOrigins() {
    }

    /** Where the value at {@code key} of {@code block} was set, or where the block was when it has no such key. */
    public static String of(Config block, String key) {
        return describe(block.hasPath(key) ? block.getValue(key).origin() : block.origin());
    }

    /**
     * Where the most specific of the values at {@code keys} was set, for a message about several values together
     * (width and heads, say): a {@code --set} before a file, a file before a preset in a jar, a preset before a
     * plugin's defaults; the first key listed among equals.
     */
    public static String ofMostSpecific(Config block, String... keys) {
        String best = keys[0];
        for (String key : keys) {
            if (block.hasPath(key) && rank(block.getValue(key).origin()) > rank(block.hasPath(best)
                    ? block.getValue(best).origin() : null)) {
                best = key;
            }
        }
        return of(block, best);
    }

    private static int rank(ConfigOrigin origin) {
        if (origin == null) {
            return -1;
        }
        if (origin.filename() == null && origin.url() == null) {
            return 3;
        }
        if (origin.filename() != null) {
            return 2;
        }
        return isPluginDefault(origin) ? 0 : 1;
    }

    /** Whether a value comes from a {@code reference.conf} default rather than from the user (file, preset, --set). */
    public static boolean isPluginDefault(ConfigOrigin origin) {
        return origin.resource() != null && origin.resource().endsWith("reference.conf");
    }

    /**
     * {@code file:line}, {@code resource:line in jar}, or the description of an in-memory source such as a
     * {@code --set} flag. A block merged from several files is described by the one that wins (listed first).
     */
    public static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "(unknown origin)";
        }
        if (origin.filename() == null && origin.url() == null && origin.description().startsWith(MERGED)) {
            String first = origin.description().substring(MERGED.length()).split(",", 2)[0].trim();
            Matcher fileLine = FILE_LINE.matcher(first);
            return fileLine.matches() ? relative(fileLine.group(1)) + ":" + fileLine.group(2)
                    : first.replaceFirst(": \\d+$", "").replace(" @ ", " in ");
        }
        String line = origin.lineNumber() > 0 ? ":" + origin.lineNumber() : "";
        if (origin.filename() != null) {
            return relative(origin.filename()) + line;
        }
        URL url = origin.url();
        if (url != null && origin.resource() != null) {
            return origin.resource() + line + " in " + container(url);
        }
        if (url != null) {
            return url + line;
        }
        // in-memory sources such as --set overrides: Typesafe appends ": <line>" to the description
        return origin.description().replaceFirst(": \\d+$", "");
    }

    private static String relative(String filename) {
        Path path = Path.of(filename).toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }

    /** The jar file name, or the class folder, a resource URL points into. */
    private static String container(URL url) {
        String text = url.toString();
        int bang = text.indexOf("!/");
        if (bang >= 0) {
            String jar = text.substring(0, bang);
            return jar.substring(jar.lastIndexOf('/') + 1);
        }
        return text.startsWith("file:") ? relative(Path.of(java.net.URI.create(text)).getParent().toString()) : text;
    }
}
