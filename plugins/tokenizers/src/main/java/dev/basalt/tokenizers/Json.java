package dev.basalt.tokenizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for tokenizer files. Objects become {@link LinkedHashMap} (key order kept),
 * arrays {@link ArrayList}, numbers {@link Long} or {@link Double}, and {@code null} stays null.
 */
final class Json {

    /** A syntax error at a character position. */
    static final class SyntaxError extends Exception {
        final int position;

        SyntaxError(String message, int position) {
            super(message);
            this.position = position;
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    static Object parse(String text) throws SyntaxError {
        Json json = new Json(text);
        json.skipSpace();
        Object value = json.value();
        json.skipSpace();
        if (json.pos != text.length()) {
            throw new SyntaxError("unexpected text after the JSON value", json.pos);
        }
        return value;
    }

    private Object value() throws SyntaxError {
        if (pos >= text.length()) {
            throw new SyntaxError("the file ends in the middle of a value (truncated?)", pos);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new SyntaxError("unexpected character '" + c + "'", pos);
        }
    }

    private Object literal(String word, Object result) throws SyntaxError {
        if (!text.startsWith(word, pos)) {
            throw new SyntaxError("expected " + word, pos);
        }
        pos += word.length();
        return result;
    }

    private Object number() throws SyntaxError {
        int start = pos;
        boolean floating = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '.' || c == 'e' || c == 'E') {
                floating = true;
            } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
                break;
            }
            pos++;
        }
        String s = text.substring(start, pos);
        try {
            return floating ? (Object) Double.parseDouble(s) : (Object) Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                throw new SyntaxError("bad number '" + s + "'", start);
            }
        }
    }

    private String string() throws SyntaxError {
        int start = pos;
        pos++;
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw new SyntaxError("the file ends inside a string (truncated?)", start);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, runStart, pos);
                if (pos + 1 >= text.length()) {
                    throw new SyntaxError("the file ends inside a string (truncated?)", start);
                }
                char e = text.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw new SyntaxError("the file ends inside a \\u escape (truncated?)", pos);
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new SyntaxError("bad \\u escape", pos);
                        }
                        pos += 4;
                    }
                    default -> throw new SyntaxError("bad escape \\" + e, pos - 2);
                }
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    private List<Object> array() throws SyntaxError {
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value());
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw new SyntaxError(c == 0 ? "the file ends inside an array (truncated?)" : "expected ',' or ']'", pos - 1);
            }
        }
    }

    private Map<String, Object> object() throws SyntaxError {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw new SyntaxError(peek() == 0 ? "the file ends inside an object (truncated?)" : "expected a quoted key", pos);
            }
            String key = string();
            skipSpace();
            if (peek() != ':') {
                throw new SyntaxError(peek() == 0 ? "the file ends inside an object (truncated?)" : "expected ':'", pos);
            }
            pos++;
            skipSpace();
            map.put(key, value());
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw new SyntaxError(c == 0 ? "the file ends inside an object (truncated?)" : "expected ',' or '}'", pos - 1);
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** Converts a character position to "line L, column C" for messages. */
    static String lineAndColumn(String text, int position) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    // ---- writing ----

    /** Writes a value made of maps, lists, strings, numbers, booleans and nulls, indented by two spaces. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        sb.append('\n');
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int indent) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> quote(sb, s);
            case Boolean b -> sb.append(b);
            case Double d -> sb.append(d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                    ? String.format("%.1f", d) : Double.toString(d));
            case Float f -> write(sb, f.doubleValue(), indent);
            case Number n -> sb.append(n.longValue());
            case Map<?, ?> map -> {
                if (map.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append("{\n");
                int i = 0;
                for (var entry : map.entrySet()) {
                    sb.repeat(' ', indent + 2);
                    quote(sb, entry.getKey().toString());
                    sb.append(": ");
                    write(sb, entry.getValue(), indent + 2);
                    sb.append(++i < map.size() ? ",\n" : "\n");
                }
                sb.repeat(' ', indent).append('}');
            }
            case List<?> list -> {
                if (list.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
                sb.append(flat ? "[" : "[\n");
                for (int i = 0; i < list.size(); i++) {
                    if (!flat) {
                        sb.repeat(' ', indent + 2);
                    }
                    write(sb, list.get(i), indent + 2);
                    if (i + 1 < list.size()) {
                        sb.append(flat ? ", " : ",\n");
                    }
                }
                if (!flat) {
                    sb.append('\n').repeat(' ', indent);
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
        }
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
