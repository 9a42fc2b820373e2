package dev.basalt.runtime.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a user's configuration tree against the tree of defaults: every key must exist there and every value
 * must have a compatible type. Each problem names the file and line, and suggests the closest valid key.
 */
final class ConfigValidator {

    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off");

    private ConfigValidator() {
    }

    /**
     * Validates {@code user} against {@code defaults}.
     *
     * @param prefix the path of both objects, for messages ({@code ""} at the root)
     * @param scope  says which component the keys belong to, for the list of valid keys
     */
    static void validate(ConfigObject user, ConfigObject defaults, String prefix, String scope) {
        for (String key : user.keySet()) {
            ConfigValue value = user.get(key);
            String path = prefix.isEmpty() ? quoted(key) : prefix + "." + quoted(key);
            ConfigValue expected = defaults.get(key);
            if (expected == null) {
                throw unknownKey(value, path, key, defaults, prefix, scope);
            }
            checkType(value, expected, path);
            if (value.valueType() == ConfigValueType.OBJECT && expected.valueType() == ConfigValueType.OBJECT) {
                validate((ConfigObject) value, (ConfigObject) expected, path, scope);
            }
        }
    }

    private static BasaltException unknownKey(ConfigValue value, String path, String key, ConfigObject defaults,
                                              String prefix, String scope) {
        List<String> valid = new ArrayList<>(defaults.keySet());
        valid.sort(null);
        Optional<String> suggestion = Suggestions.closest(key, valid);
        String where = ConfigOrigins.describe(value.origin());
        String hint = suggestion.map(s -> " Did you mean '" + (prefix.isEmpty() ? s : prefix + "." + s) + "'?").orElse("");
        String scopeText = prefix.isEmpty() ? "at the top level" : "in '" + prefix + "'" + scope;
        return new BasaltException(where + ": unknown key '" + path + "'." + hint + " Valid keys " + scopeText + ": "
                + (valid.isEmpty() ? "none" : String.join(", ", valid)) + ".");
    }

    static void checkType(ConfigValue value, ConfigValue expected, String path) {
        ConfigValueType want = expected.valueType();
        ConfigValueType got = value.valueType();
        if (want == ConfigValueType.NULL || got == ConfigValueType.NULL || compatible(value, want)) {
            return;
        }
        throw new BasaltException(ConfigOrigins.describe(value.origin()) + ": '" + path + "' must be " + describe(want)
                + " (like the default " + expected.render() + "), but it is " + describe(got) + " " + value.render()
                + ".");
    }

    private static boolean compatible(ConfigValue value, ConfigValueType want) {
        ConfigValueType got = value.valueType();
        if (got == want) {
            return true;
        }
        Object raw = value.unwrapped();
        return switch (want) {
            case STRING -> got == ConfigValueType.NUMBER || got == ConfigValueType.BOOLEAN;
            case NUMBER -> got == ConfigValueType.STRING && isNumber((String) raw);
            case BOOLEAN -> got == ConfigValueType.STRING && BOOLEAN_WORDS.contains(((String) raw).toLowerCase());
            default -> false;
        };
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(ConfigValueType type) {
        return switch (type) {
            case OBJECT -> "a block { ... }";
            case LIST -> "a list [ ... ]";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case NULL -> "null";
        };
    }

    static String quoted(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }

    static ConfigList requireList(ConfigValue value, String path) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw new BasaltException(ConfigOrigins.describe(value.origin()) + ": '" + path + "' must be a list [ ... ].");
        }
        return (ConfigList) value;
    }
}
