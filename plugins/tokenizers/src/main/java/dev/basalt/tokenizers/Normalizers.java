package dev.basalt.tokenizers;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The normalizers of the tokenizer.json format. */
final class Normalizers {
    private Normalizers() {
    }

    static Normalizer fromJson(Map<String, Object> json, JsonReader r) {
        String type = r.string(json, "type");
        return switch (type) {
            case "BertNormalizer" -> new Bert(r.bool(json, "clean_text", true), r.bool(json, "handle_chinese_chars", true),
                    json.get("strip_accents") == null ? null : r.bool(json, "strip_accents", false), r.bool(json, "lowercase", true));
            case "Lowercase" -> new Lowercase();
            case "NFC" -> new Unicode(Form.NFC, "NFC");
            case "NFD" -> new Unicode(Form.NFD, "NFD");
            case "NFKC" -> new Unicode(Form.NFKC, "NFKC");
            case "NFKD" -> new Unicode(Form.NFKD, "NFKD");
            case "StripAccents" -> new StripAccents();
            case "Strip" -> new Strip(r.bool(json, "strip_left", true), r.bool(json, "strip_right", true));
            case "Prepend" -> new Prepend(r.string(json, "prepend"));
            case "Replace" -> new Replace(RegexPattern.fromJson(r.map(json, "pattern"), r), r.string(json, "content"));
            case "Precompiled" -> Precompiled.fromBase64(r.optString(json, "precompiled_charsmap"), r);
            case "Nmt" -> new Nmt();
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (Map<String, Object> step : r.mapList(json, "normalizers")) {
                    steps.add(fromJson(step, r));
                }
                yield new Sequence(steps);
            }
            default -> throw r.error("normalizer type '" + type + "' is not supported (supported: BertNormalizer, "
                    + "Lowercase, NFC, NFD, NFKC, NFKD, StripAccents, Strip, Prepend, Replace, Precompiled, Nmt, Sequence)");
        };
    }

    static Map<String, Object> typed(String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        return m;
    }

    /** Lowercases one code point the way Rust's {@code char::to_lowercase} does (no final-sigma rule). */
    static void appendLowercase(NormalizedText.Builder out, int cp, int start, int end) {
        if (cp < 0x80) {
            out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp), start, end);
        } else if (!Character.isUpperCase(cp) && !Character.isTitleCase(cp) && Character.toLowerCase(cp) == cp
                && cp != 0x130) {
            out.appendCodePoint(cp, start, end);
        } else {
            out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT), start, end);
        }
    }

    /** BERT's cleaning, CJK spacing, accent stripping and lowercasing, in that order. */
    record Bert(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            boolean strip = stripAccents == null ? lowercase : stripAccents;
            String s = in.text;
            NormalizedText.Builder out = new NormalizedText.Builder(s.length() + 8);
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int len = Character.charCount(cp);
                int start = in.starts[i];
                int end = in.ends[i + len - 1];
                i += len;
                if (cleanText) {
                    if (cp == 0 || cp == 0xFFFD || Chars.isBertControl(cp)) {
                        continue;
                    }
                    if (Chars.isWhitespace(cp)) {
                        cp = ' ';
                    }
                }
                if (handleChineseChars && Chars.isCjk(cp)) {
                    out.append(' ', start, end);
                    out.appendCodePoint(cp, start, end);
                    out.append(' ', start, end);
                    continue;
                }
                if (strip && cp >= 0x80) {
                    String decomposed = java.text.Normalizer.normalize(new String(Character.toChars(cp)), Form.NFD);
                    for (int j = 0; j < decomposed.length(); ) {
                        int d = decomposed.codePointAt(j);
                        j += Character.charCount(d);
                        if (Character.getType(d) == Character.NON_SPACING_MARK) {
                            continue;
                        }
                        appendCased(out, d, start, end);
                    }
                } else {
                    appendCased(out, cp, start, end);
                }
            }
            return out.build();
        }

        private void appendCased(NormalizedText.Builder out, int cp, int start, int end) {
            if (lowercase) {
                appendLowercase(out, cp, start, end);
            } else {
                out.appendCodePoint(cp, start, end);
            }
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("BertNormalizer");
            m.put("clean_text", cleanText);
            m.put("handle_chinese_chars", handleChineseChars);
            m.put("strip_accents", stripAccents);
            m.put("lowercase", lowercase);
            return m;
        }
    }

    record Lowercase() implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            String s = in.text;
            NormalizedText.Builder out = new NormalizedText.Builder(s.length());
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int len = Character.charCount(cp);
                appendLowercase(out, cp, in.starts[i], in.ends[i + len - 1]);
                i += len;
            }
            return out.build();
        }

        @Override
        public Map<String, Object> toJson() {
            return typed("Lowercase");
        }
    }

    /**
     * Unicode normalization. Text is normalized segment by segment (a segment is a code point and the marks
     * that follow it) so that every output char keeps the original range of its segment.
     */
    record Unicode(Form form, String name) implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            String s = in.text;
            if (java.text.Normalizer.isNormalized(s, form)) {
                return in;
            }
            NormalizedText.Builder out = new NormalizedText.Builder(s.length() + 8);
            int i = 0;
            while (i < s.length()) {
                int segEnd = i + Character.charCount(s.codePointAt(i));
                while (segEnd < s.length() && continuesSegment(s.codePointAt(segEnd))) {
                    segEnd += Character.charCount(s.codePointAt(segEnd));
                }
                String normalized = java.text.Normalizer.normalize(s.substring(i, segEnd), form);
                if (normalized.equals(s.substring(i, segEnd))) {
                    for (int k = i; k < segEnd; k++) {
                        out.append(s.charAt(k), in.starts[k], in.ends[k]);
                    }
                } else {
                    out.append(normalized, in.starts[i], in.ends[segEnd - 1]);
                }
                i = segEnd;
            }
            return out.build();
        }

        private static boolean continuesSegment(int cp) {
            int t = Character.getType(cp);
            return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
                    || t == Character.ENCLOSING_MARK || (cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0x3099 && cp <= 0x309A);
        }

        @Override
        public Map<String, Object> toJson() {
            return typed(name);
        }
    }

    record StripAccents() implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            String s = in.text;
            NormalizedText.Builder out = new NormalizedText.Builder(s.length());
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int len = Character.charCount(cp);
                if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                    out.appendCodePoint(cp, in.starts[i], in.ends[i + len - 1]);
                }
                i += len;
            }
            return out.build();
        }

        @Override
        public Map<String, Object> toJson() {
            return typed("StripAccents");
        }
    }

    record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            String s = in.text;
            int from = 0;
            int to = s.length();
            if (left) {
                while (from < to && Chars.isWhitespace(s.codePointAt(from))) {
                    from += Character.charCount(s.codePointAt(from));
                }
            }
            if (right) {
                while (to > from && Chars.isWhitespace(s.codePointBefore(to))) {
                    to -= Character.charCount(s.codePointBefore(to));
                }
            }
            return in.slice(from, to);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Strip");
            m.put("strip_left", left);
            m.put("strip_right", right);
            return m;
        }
    }

    record Prepend(String prefix) implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            if (in.isEmpty()) {
                return in;
            }
            NormalizedText.Builder out = new NormalizedText.Builder(in.length() + prefix.length());
            out.append(prefix, in.starts[0], in.ends[0]);
            for (int i = 0; i < in.length(); i++) {
                out.append(in.text.charAt(i), in.starts[i], in.ends[i]);
            }
            return out.build();
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Prepend");
            m.put("prepend", prefix);
            return m;
        }
    }

    record Replace(RegexPattern pattern, String content) implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            Matcher m = pattern.compiled().matcher(in.text);
            if (!m.find()) {
                return in;
            }
            NormalizedText.Builder out = new NormalizedText.Builder(in.length());
            int last = 0;
            do {
                for (int i = last; i < m.start(); i++) {
                    out.append(in.text.charAt(i), in.starts[i], in.ends[i]);
                }
                if (m.end() > m.start()) {
                    out.append(content, in.starts[m.start()], in.ends[m.end() - 1]);
                }
                last = m.end();
            } while (m.find());
            for (int i = last; i < in.length(); i++) {
                out.append(in.text.charAt(i), in.starts[i], in.ends[i]);
            }
            return out.build();
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Replace");
            m.put("pattern", pattern.toJson());
            m.put("content", content);
            return m;
        }
    }

    /** SentencePiece's nmt cleanup: drops some control chars and maps some spaces to ' '. */
    record Nmt() implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            String s = in.text;
            NormalizedText.Builder out = new NormalizedText.Builder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ((c >= 0x0001 && c <= 0x0008) || c == 0x000B || (c >= 0x000E && c <= 0x001F) || c == 0x007F
                        || c == 0x008F || c == 0x009F) {
                    continue;
                }
                if (c == 0x0009 || c == 0x000A || c == 0x000C || c == 0x000D || c == 0x1680 || (c >= 0x200B && c <= 0x200F)
                        || c == 0x2028 || c == 0x2029 || c == 0x2581 || c == 0xFEFF || c == 0xFFFD) {
                    c = ' ';
                }
                out.append(c, in.starts[i], in.ends[i]);
            }
            return out.build();
        }

        @Override
        public Map<String, Object> toJson() {
            return typed("Nmt");
        }
    }

    record Sequence(List<Normalizer> steps) implements Normalizer {
        @Override
        public NormalizedText normalize(NormalizedText in) {
            NormalizedText t = in;
            for (Normalizer step : steps) {
                t = step.normalize(t);
            }
            return t;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Sequence");
            List<Object> list = new ArrayList<>();
            steps.forEach(s -> list.add(s.toJson()));
            m.put("normalizers", list);
            return m;
        }
    }

    /** A {@code {"String": ...}} or {@code {"Regex": ...}} pattern of tokenizer.json. */
    record RegexPattern(String string, String regex, Pattern compiled) {
        static RegexPattern fromJson(Map<String, Object> json, JsonReader r) {
            if (json.get("String") instanceof String s) {
                return new RegexPattern(s, null, Pattern.compile(Pattern.quote(s)));
            }
            if (json.get("Regex") instanceof String re) {
                return new RegexPattern(null, re, Regexes.compile(re, r));
            }
            throw r.error("a pattern must be {\"String\": ...} or {\"Regex\": ...}");
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (string != null) {
                m.put("String", string);
            } else {
                m.put("Regex", regex);
            }
            return m;
        }
    }
}
