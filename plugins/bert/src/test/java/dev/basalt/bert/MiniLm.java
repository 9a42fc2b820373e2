package dev.basalt.bert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The all-MiniLM-L6-v2 ONNX file and tokenizer.json of the langchain4j artifact, copied once out of the jar. */
final class MiniLm {

    static final String ONNX = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private static Path folder;

    private MiniLm() {
    }

    /** A folder holding {@link #ONNX} and {@link #TOKENIZER} (under target/, reused by later test classes). */
    static synchronized Path folder() {
        if (folder == null) {
            Path dir = Path.of("target", "minilm");
            try {
                Files.createDirectories(dir);
                for (String name : new String[] {ONNX, TOKENIZER}) {
                    Path file = dir.resolve(name);
                    if (!Files.exists(file)) {
                        try (InputStream in = MiniLm.class.getResourceAsStream("/" + name)) {
                            if (in == null) {
                                throw new IllegalStateException(name + " is not on the test class path");
                            }
                            Path partial = dir.resolve(name + ".partial");
                            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            folder = dir;
        }
        return folder;
    }
}
