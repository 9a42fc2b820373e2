package dev.basalt.t5;

import dev.basalt.api.tensor.Backends;
import dev.basalt.backend.cpu.CpuBackend;

/** Shared helpers: the cpu backend and tiny configs of both variants. */
final class T5Testing {

    private T5Testing() {
    }

    static void useCpu() {
        Backends.setDefault(CpuBackend.create(2));
    }

    /** T5 v1.0 (ReLU, tied) or v1.1 (gated GELU, untied); heads × d_kv (24) differs from the width (20) on purpose. */
    static T5Config tiny(boolean v10, int vocab) {
        return new T5Config(2, 3, 3, 8, 20, 36, v10 ? T5Config.FeedForward.RELU : T5Config.FeedForward.GATED_GELU, v10,
                8, 20, vocab, 1e-6, 0.0, 1.0, 0, 1, 0);
    }
}
