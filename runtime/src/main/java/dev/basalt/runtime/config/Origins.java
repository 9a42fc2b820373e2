package dev.basalt.runtime.config;

import com.typesafe.config.ConfigOrigin;

import java.net.URL;
import java.nio.file.Path;

/** Short, clickable descriptions of where a config value came from: {@code file:line}. */
public final class Origins {

    private Origins() {
    }

    public static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "(unknown origin)";
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
