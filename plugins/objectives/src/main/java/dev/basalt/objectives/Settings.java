package dev.basalt.objectives;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;

import java.util.Locale;
import java.util.Set;

/** Reads and checks the values of an objective's block; a bad value is one message with its file and line. */
final class Settings {

    private final Config block;

    Settings(Config block) {
        this.block = block;
    }

    /** A number between {@code low} and {@code high} (which may be infinite), each end included or not. */
    double number(String key, double low, boolean lowIncluded, double high, boolean highIncluded) {
        double value = block.getDouble(key);
        boolean aboveLow = lowIncluded ? value >= low : value > low;
        boolean belowHigh = highIncluded ? value <= high : value < high;
        if (!aboveLow || !belowHigh || !Double.isFinite(value)) {
            throw invalid(key, format(value), Double.isInfinite(high)
                    ? (lowIncluded ? "must be at least " : "must be above ") + format(low)
                    : "must be in " + (lowIncluded ? "[" : "(") + format(low) + ", " + format(high)
                    + (highIncluded ? "]" : ")"));
        }
        return value;
    }

    /** A whole number of at least {@code low}. */
    int atLeast(String key, int low) {
        int value = block.getInt(key);
        if (value < low) {
            throw invalid(key, Integer.toString(value), "must be at least " + low);
        }
        return value;
    }

    boolean flag(String key) {
        return block.getBoolean(key);
    }

    String text(String key) {
        return block.getString(key);
    }

    /** A string that is one of {@code valid}. */
    String oneOf(String key, Set<String> valid) {
        String value = block.getString(key);
        if (!valid.contains(value)) {
            throw invalid(key, "\"" + value + "\"", "is not known; use one of " + String.join(", ", valid.stream().sorted().toList()));
        }
        return value;
    }

    java.util.List<String> texts(String key) {
        return block.getStringList(key);
    }

    BasaltException invalid(String key, String value, String problem) {
        return new BasaltException(where(key) + ": objective." + key + " = " + value + " " + problem + ".");
    }

    String where(String key) {
        return ConfigOrigins.of(block, key);
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
