package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed access to parsed tokenizer.json values, with errors that name the file and the key. */
final class JsonReader {
    private final String source;

    JsonReader(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    BasaltException error(String problem) {
        return new BasaltException("Tokenizer file " + source + ": " + problem + ".");
    }

    Object required(Map<String, Object> json, String key) {
        if (!json.containsKey(key)) {
            throw error("missing key '" + key + "' in " + describe(json));
        }
        return json.get(key);
    }

    String string(Map<String, Object> json, String key) {
        if (required(json, key) instanceof String s) {
            return s;
        }
        throw error("'" + key + "' must be a string in " + describe(json));
    }

    String optString(Map<String, Object> json, String key) {
        Object v = json.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw error("'" + key + "' must be a string or null in " + describe(json));
    }

    boolean bool(Map<String, Object> json, String key, boolean fallback) {
        Object v = json.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error("'" + key + "' must be true or false in " + describe(json));
    }

    long integer(Map<String, Object> json, String key, long fallback) {
        Object v = json.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw error("'" + key + "' must be an integer in " + describe(json));
    }

    double number(Object v, String what) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw error(what + " must be a number");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Map<String, Object> json, String key) {
        if (required(json, key) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw error("'" + key + "' must be an object in " + describe(json));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> optMap(Map<String, Object> json, String key) {
        Object v = json.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw error("'" + key + "' must be an object or null in " + describe(json));
    }

    List<Object> list(Map<String, Object> json, String key) {
        if (required(json, key) instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw error("'" + key + "' must be an array in " + describe(json));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> mapList(Map<String, Object> json, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(json, key)) {
            if (!(o instanceof Map<?, ?> m)) {
                throw error("every element of '" + key + "' must be an object");
            }
            out.add((Map<String, Object>) m);
        }
        return out;
    }

    private static String describe(Map<String, Object> json) {
        Object type = json.get("type");
        return type == null ? "its object" : "the " + type + " object";
    }
}
