package dev.basalt.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numeric ranges of settings, declared at {@code basalt.ranges} in reference.conf as intervals such as
 * {@code "[1, inf)"} or {@code "(0, 1]"}, checked against a resolved run config. A value that is not a number
 * (such as {@code auto}) is left to its type check.
 */
final class RangeRules {

    static final String PATH = "basalt.ranges";
    private static final Pattern INTERVAL = Pattern.compile("\\s*([\\[(])\\s*(-?inf|[-+0-9.eE]+)\\s*,\\s*(-?inf|[-+0-9.eE]+)\\s*([])])\\s*");

    private RangeRules() {
    }

    static void check(Config reference, Config resolved) {
        if (!reference.hasPath(PATH)) {
            return;
        }
        for (Map.Entry<String, ConfigValue> rule : reference.getObject(PATH).entrySet()) {
            String key = rule.getKey();
            if (!resolved.hasPath(key)) {
                continue;
            }
            ConfigValue value = resolved.getValue(key);
            Double number = numberOf(value);
            String interval = String.valueOf(rule.getValue().unwrapped());
            if (number != null && !contains(interval, number)) {
                throw new BasaltException(ConfigOrigins.describe(value.origin()) + ": '" + key + "' = " + value.render()
                        + " is out of range; it must be " + inWords(interval) + ".");
            }
        }
    }

    private static Double numberOf(ConfigValue value) {
        Object raw = value.unwrapped();
        if (value.valueType() == ConfigValueType.NUMBER) {
            return ((Number) raw).doubleValue();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return Double.parseDouble(((String) raw).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static boolean contains(String interval, double x) {
        Matcher m = parse(interval);
        double low = bound(m.group(2));
        double high = bound(m.group(3));
        boolean aboveLow = m.group(1).equals("[") ? x >= low : x > low;
        boolean belowHigh = m.group(4).equals("]") ? x <= high : x < high;
        return aboveLow && belowHigh && !Double.isNaN(x);
    }

    static String inWords(String interval) {
        Matcher m = parse(interval);
        String low = m.group(2).endsWith("inf") ? null
                : (m.group(1).equals("[") ? "at least " : "more than ") + m.group(2);
        String high = m.group(3).endsWith("inf") ? null
                : (m.group(4).equals("]") ? "at most " : "less than ") + m.group(3);
        return low == null ? (high == null ? "any number" : high) : high == null ? low : low + " and " + high;
    }

    private static Matcher parse(String interval) {
        Matcher m = INTERVAL.matcher(interval);
        if (!m.matches()) {
            throw new IllegalStateException("basalt.ranges holds a malformed interval: " + interval);
        }
        return m;
    }

    private static double bound(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
