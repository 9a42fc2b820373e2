package dev.basalt.gpt;

import dev.basalt.api.tensor.Backends;
import dev.basalt.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Shared helpers: the cpu backend, small configs, and the shared data folder. */
final class GptTesting {

    private GptTesting() {
    }

    static void useCpu() {
        Backends.setDefault(CpuBackend.create(2));
    }

    static GptConfig gpt2(int vocab) {
        return new GptConfig(GptConfig.Layout.GPT2, 2, 4, 4, 32, 128, 64, vocab, 1e-5, 10000, 0.0, true, 0.02);
    }

    static GptConfig llama(int vocab) {
        return new GptConfig(GptConfig.Layout.LLAMA, 2, 4, 2, 32, 96, 64, vocab, 1e-5, 10000, 0.0, false, 0.02);
    }

    static Path sharedData(String relative) {
        Path file = Path.of(System.getProperty("basalt.shared.data", "../../../shared/data")).resolve(relative);
        Assumptions.assumeTrue(Files.exists(file), "skipped: " + file + " is absent (the shared data folder comes with CI)");
        return file;
    }
}
