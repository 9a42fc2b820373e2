package dev.basalt.api.classify;

import com.typesafe.config.ConfigUtil;

/** A field name as one Typesafe Config path element, so names with dots or spaces are read literally. */
final class ConfigQuoting {

    private ConfigQuoting() {
    }

    static String quote(String field) {
        return ConfigUtil.joinPath(field);
    }
}
