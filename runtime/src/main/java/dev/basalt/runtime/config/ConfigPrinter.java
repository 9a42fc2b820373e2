package dev.basalt.runtime.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.basalt.api.ConfigOrigins;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints every resolved value of a run, one per line, with the file and line it came from. */
public final class ConfigPrinter {

    private ConfigPrinter() {
    }

    public static void print(RunConfig config, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        flatten("", config.resolved().root(), rows);
        // origins line up in one column, except after the few long values (lists) that would push it far right
        int width = Math.min(72, rows.stream().mapToInt(r -> r[0].length()).max().orElse(0));
        out.println("# " + config.source() + ", resolved");
        for (String[] row : rows) {
            out.printf("%-" + width + "s  # %s%n", row[0], row[1]);
        }
        out.flush();
    }

    private static void flatten(String prefix, ConfigValue value, List<String[]> rows) {
        if (value.valueType() == ConfigValueType.OBJECT) {
            Map<String, ConfigValue> sorted = new TreeMap<>((ConfigObject) value);
            if (sorted.isEmpty() && !prefix.isEmpty()) {
                rows.add(new String[] {prefix + " = {}", ConfigOrigins.describe(value.origin())});
            }
            sorted.forEach((key, child) -> flatten(join(prefix, key), child, rows));
        } else if (value.valueType() == ConfigValueType.LIST && containsObjects((ConfigList) value)) {
            ConfigList list = (ConfigList) value;
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), rows);
            }
        } else {
            rows.add(new String[] {prefix + " = " + value.render(ConfigRenderOptions.concise()),
                ConfigOrigins.describe(value.origin())});
        }
    }

    private static boolean containsObjects(ConfigList list) {
        return list.stream().anyMatch(v -> v.valueType() == ConfigValueType.OBJECT);
    }

    private static String join(String prefix, String key) {
        String quoted = ConfigValidator.quoted(key);
        return prefix.isEmpty() ? quoted : prefix + "." + quoted;
    }
}
