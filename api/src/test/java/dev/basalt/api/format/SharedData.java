package dev.basalt.api.format;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The folder of third-party test data (../shared/data); tests that need it skip when it is absent. */
final class SharedData {

    private SharedData() {
    }

    static Path require(String relative) {
        Path root = Path.of(System.getProperty("basalt.shared.data", "../../shared/data"));
        Path file = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(file),
                "skipped: " + file + " is absent (the shared data folder comes with CI, not with a plain clone)");
        return file;
    }
}
