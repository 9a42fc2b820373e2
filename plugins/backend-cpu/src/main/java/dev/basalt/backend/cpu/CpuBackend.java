package dev.basalt.backend.cpu;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.backend.Backend;

/** The pure-Java CPU backend. */
public final class CpuBackend implements Backend {

    private final int threads;

    CpuBackend(int threads) {
        this.threads = threads;
    }

    /** Reads {@code threads} ({@code auto} or a positive count) from the {@code backend} block. */
    static CpuBackend fromConfig(Config config) {
        if (!VectorSupport.present()) {
            throw new BasaltException(VectorSupport.availability().reason());
        }
        return new CpuBackend(threadCount(config));
    }

    static int threadCount(Config config) {
        String value = config.getString("threads");
        if (value.equals("auto")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int count = Integer.parseInt(value);
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BasaltException(config.origin().description() + ": backend.threads = '" + value
                + "' is not valid; use auto or a positive whole number");
    }

    public int threads() {
        return threads;
    }

    @Override
    public String description() {
        return "cpu: " + threads + " threads, Vector API";
    }
}
