package dev.basalt.runtime.train;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;

/**
 * Linear warmup from zero to the peak rate, then cosine or linear decay to {@code minRatio × peak} at the last
 * step, or a constant rate.
 */
public record LearningRateSchedule(Kind kind, double peak, int warmup, int steps, double minRatio) {

    /** The shape after warmup. */
    public enum Kind { COSINE, LINEAR, CONSTANT }

    /** A note when {@code training.warmup} is not below {@code training.steps}: the rate never reaches {@code lr}. */
    static java.util.Optional<String> warmupNote(Config training) {
        int warmup = training.getInt("warmup");
        int steps = training.getInt("steps");
        return warmup < steps ? java.util.Optional.empty() : java.util.Optional.of("note:      training.warmup ("
                + warmup + ") is not below training.steps (" + steps + "), so the learning rate never reaches"
                + " training.lr; a short run usually sets warmup to a few percent of the steps.");
    }

    /** Reads {@code lr}, {@code schedule}, {@code warmup}, {@code steps} and {@code min-lr-ratio} of the training block. */
    public static LearningRateSchedule fromConfig(Config training) {
        String name = training.getString("schedule");
        Kind kind = switch (name) {
            case "cosine" -> Kind.COSINE;
            case "linear" -> Kind.LINEAR;
            case "constant" -> Kind.CONSTANT;
            default -> throw new BasaltException(ConfigOrigins.describe(training.getValue("schedule").origin())
                    + ": training.schedule = \"" + name + "\" is not known; use cosine, linear or constant.");
        };
        return new LearningRateSchedule(kind, training.getDouble("lr"), training.getInt("warmup"),
                training.getInt("steps"), training.getDouble("min-lr-ratio"));
    }

    /** The rate for a step counted from 0. */
    public double rate(int step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        if (kind == Kind.CONSTANT || steps <= warmup) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, steps - 1 - warmup));
        double floor = peak * minRatio;
        return switch (kind) {
            case COSINE -> floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
            case LINEAR -> peak - (peak - floor) * progress;
            case CONSTANT -> peak;
        };
    }
}
