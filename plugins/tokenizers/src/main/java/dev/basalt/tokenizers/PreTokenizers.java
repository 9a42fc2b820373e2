package dev.basalt.tokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;

/** The pre-tokenizers of the tokenizer.json format. */
final class PreTokenizers {
    private PreTokenizers() {
    }

    /** What happens to the delimiters a split finds. */
    enum Behavior {
        Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous
    }

    static PreTokenizer fromJson(Map<String, Object> json, JsonReader r) {
        String type = r.string(json, "type");
        return switch (type) {
            case "ByteLevel" -> new ByteLevelSplit(r.bool(json, "add_prefix_space", true), r.bool(json, "use_regex", true),
                    r.bool(json, "trim_offsets", true));
            case "BertPreTokenizer" -> new Bert();
            case "Whitespace" -> new Whitespace();
            case "WhitespaceSplit" -> new WhitespaceSplit();
            case "Metaspace" -> new Metaspace(r.string(json, "replacement"), prependScheme(json, r), r.bool(json, "split", true));
            case "Split" -> new Split(Normalizers.RegexPattern.fromJson(r.map(json, "pattern"), r),
                    behavior(r.string(json, "behavior"), r), r.bool(json, "invert", false));
            case "Punctuation" -> new Punctuation(json.get("behavior") == null ? Behavior.Isolated
                    : behavior(r.string(json, "behavior"), r));
            case "Digits" -> new Digits(r.bool(json, "individual_digits", false));
            case "CharDelimiterSplit" -> {
                String d = r.string(json, "delimiter");
                if (d.codePointCount(0, d.length()) != 1) {
                    throw r.error("CharDelimiterSplit.delimiter must be one character, got '" + d + "'");
                }
                yield new CharDelimiterSplit(d.codePointAt(0));
            }
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (Map<String, Object> step : r.mapList(json, "pretokenizers")) {
                    steps.add(fromJson(step, r));
                }
                yield new Sequence(steps);
            }
            default -> throw r.error("pre_tokenizer type '" + type + "' is not supported (supported: ByteLevel, "
                    + "BertPreTokenizer, Whitespace, WhitespaceSplit, Metaspace, Split, Punctuation, Digits, "
                    + "CharDelimiterSplit, Sequence)");
        };
    }

    private static String prependScheme(Map<String, Object> json, JsonReader r) {
        if (json.get("prepend_scheme") instanceof String s) {
            if (!s.equals("always") && !s.equals("first") && !s.equals("never")) {
                throw r.error("Metaspace.prepend_scheme must be always, first or never, got '" + s + "'");
            }
            return s;
        }
        return r.bool(json, "add_prefix_space", true) ? "always" : "never";
    }

    private static Behavior behavior(String name, JsonReader r) {
        for (Behavior b : Behavior.values()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw r.error("split behavior '" + name + "' is unknown (valid: Removed, Isolated, MergedWithPrevious, "
                + "MergedWithNext, Contiguous)");
    }

    /**
     * Cuts a piece at the given delimiter ranges (sorted, not overlapping) and treats the delimiters as the
     * behavior says; with {@code invert} the ranges are the parts kept and the gaps are the delimiters.
     */
    static void splitAt(NormalizedText piece, List<int[]> ranges, Behavior behavior, boolean invert, List<NormalizedText> out) {
        int n = piece.length();
        List<int[]> segments = new ArrayList<>(ranges.size() * 2 + 1);
        int last = 0;
        for (int[] m : ranges) {
            if (m[0] > last) {
                segments.add(new int[] {last, m[0], invert ? 1 : 0});
            }
            if (m[1] > m[0]) {
                segments.add(new int[] {m[0], m[1], invert ? 0 : 1});
            }
            last = m[1];
        }
        if (last < n) {
            segments.add(new int[] {last, n, invert ? 1 : 0});
        }
        List<int[]> pieces = new ArrayList<>(segments.size());
        boolean pendingNext = false;
        for (int[] seg : segments) {
            boolean delimiter = seg[2] == 1;
            switch (behavior) {
                case Removed -> {
                    if (!delimiter) {
                        pieces.add(new int[] {seg[0], seg[1]});
                    }
                }
                case Isolated -> pieces.add(new int[] {seg[0], seg[1]});
                case MergedWithPrevious -> {
                    if (delimiter && !pieces.isEmpty() && pieces.getLast()[1] == seg[0] && !pendingNext) {
                        pieces.getLast()[1] = seg[1];
                    } else {
                        pieces.add(new int[] {seg[0], seg[1]});
                    }
                    pendingNext = false;
                }
                case MergedWithNext -> {
                    if (pendingNext) {
                        pieces.getLast()[1] = seg[1];
                    } else {
                        pieces.add(new int[] {seg[0], seg[1]});
                    }
                    pendingNext = delimiter;
                }
                case Contiguous -> {
                    if (delimiter && pendingNext) {
                        pieces.getLast()[1] = seg[1];
                    } else {
                        pieces.add(new int[] {seg[0], seg[1]});
                    }
                    pendingNext = delimiter;
                }
            }
        }
        for (int[] p : pieces) {
            if (p[1] > p[0]) {
                out.add(piece.slice(p[0], p[1]));
            }
        }
    }

    /** The ranges of single code points (or runs of them, when {@code runs}) that match a predicate. */
    static List<int[]> charRanges(String s, IntPredicate match, boolean runs) {
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (match.test(cp)) {
                if (runs && !ranges.isEmpty() && ranges.getLast()[1] == i) {
                    ranges.getLast()[1] = i + len;
                } else {
                    ranges.add(new int[] {i, i + len});
                }
            }
            i += len;
        }
        return ranges;
    }

    static Map<String, Object> typed(String type) {
        return Normalizers.typed(type);
    }

    /** GPT-2's byte-level pre-tokenizer: optional prefix space, GPT-2 split, bytes as chars. */
    record ByteLevelSplit(boolean addPrefixSpace, boolean useRegex, boolean trimOffsets) implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            NormalizedText p = piece;
            if (addPrefixSpace && !p.text.startsWith(" ") && !p.isEmpty()) {
                p = new Normalizers.Prepend(" ").normalize(p);
            }
            if (!useRegex) {
                if (!p.isEmpty()) {
                    out.add(ByteLevel.toBytes(p));
                }
                return;
            }
            List<int[]> ranges = new ArrayList<>();
            ByteLevel.splitGpt2(p.text, ranges);
            for (int[] range : ranges) {
                out.add(ByteLevel.toBytes(p.slice(range[0], range[1])));
            }
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("ByteLevel");
            m.put("add_prefix_space", addPrefixSpace);
            m.put("trim_offsets", trimOffsets);
            m.put("use_regex", useRegex);
            return m;
        }
    }

    /** BERT: split on whitespace (dropped) and isolate each punctuation char. */
    record Bert() implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            String s = piece.text;
            int wordStart = -1;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int len = Character.charCount(cp);
                if (Chars.isWhitespace(cp) || Chars.isBertPunctuation(cp)) {
                    if (wordStart >= 0) {
                        out.add(piece.slice(wordStart, i));
                        wordStart = -1;
                    }
                    if (!Chars.isWhitespace(cp)) {
                        out.add(piece.slice(i, i + len));
                    }
                } else if (wordStart < 0) {
                    wordStart = i;
                }
                i += len;
            }
            if (wordStart >= 0) {
                out.add(piece.slice(wordStart, s.length()));
            }
        }

        @Override
        public Map<String, Object> toJson() {
            return typed("BertPreTokenizer");
        }
    }

    /** {@code \w+|[^\w\s]+}: words and runs of other non-space chars. */
    record Whitespace() implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            String s = piece.text;
            int i = 0;
            while (i < s.length()) {
                int cp = s.codePointAt(i);
                if (Chars.isWhitespace(cp)) {
                    i += Character.charCount(cp);
                    continue;
                }
                boolean word = Chars.isWordChar(cp);
                int j = i;
                while (j < s.length()) {
                    int c = s.codePointAt(j);
                    if (Chars.isWhitespace(c) || Chars.isWordChar(c) != word) {
                        break;
                    }
                    j += Character.charCount(c);
                }
                out.add(piece.slice(i, j));
                i = j;
            }
        }

        @Override
        public Map<String, Object> toJson() {
            return typed("Whitespace");
        }
    }

    record WhitespaceSplit() implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            splitAt(piece, charRanges(piece.text, Chars::isWhitespace, false), Behavior.Removed, false, out);
        }

        @Override
        public Map<String, Object> toJson() {
            return typed("WhitespaceSplit");
        }
    }

    record CharDelimiterSplit(int delimiter) implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            splitAt(piece, charRanges(piece.text, c -> c == delimiter, false), Behavior.Removed, false, out);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("CharDelimiterSplit");
            m.put("delimiter", new String(Character.toChars(delimiter)));
            return m;
        }
    }

    record Punctuation(Behavior behavior) implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            splitAt(piece, charRanges(piece.text, Chars::isBertPunctuation, false), behavior, false, out);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Punctuation");
            m.put("behavior", behavior.name());
            return m;
        }
    }

    record Digits(boolean individualDigits) implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            splitAt(piece, charRanges(piece.text, Chars::isNumber, !individualDigits),
                    individualDigits ? Behavior.Isolated : Behavior.Contiguous, false, out);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Digits");
            m.put("individual_digits", individualDigits);
            return m;
        }
    }

    /** SentencePiece's whitespace handling: spaces become ▁, optionally one in front, split before each. */
    record Metaspace(String replacement, String prependScheme, boolean splitWords) implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            NormalizedText.Builder b = new NormalizedText.Builder(piece.length() + 1);
            String s = piece.text;
            boolean prepend = prependScheme.equals("always") || (prependScheme.equals("first") && first);
            // Spaces become the replacement first, so a text that starts with a space gets no second one.
            if (prepend && !s.startsWith(replacement) && !s.startsWith(" ") && !s.isEmpty()) {
                b.append(replacement, piece.starts[0], piece.starts[0]);
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == ' ') {
                    b.append(replacement, piece.starts[i], piece.ends[i]);
                } else {
                    b.append(s.charAt(i), piece.starts[i], piece.ends[i]);
                }
            }
            NormalizedText replaced = b.build();
            if (!splitWords) {
                if (!replaced.isEmpty()) {
                    out.add(replaced);
                }
                return;
            }
            List<int[]> ranges = new ArrayList<>();
            int at = replaced.text.indexOf(replacement);
            while (at >= 0) {
                ranges.add(new int[] {at, at + replacement.length()});
                at = replaced.text.indexOf(replacement, at + replacement.length());
            }
            splitAt(replaced, ranges, Behavior.MergedWithNext, false, out);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Metaspace");
            m.put("replacement", replacement);
            m.put("prepend_scheme", prependScheme);
            m.put("split", splitWords);
            return m;
        }
    }

    /** Splits on a regex or string, as used by Llama-3 / cl100k style tokenizers. */
    record Split(Normalizers.RegexPattern pattern, Behavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            List<int[]> ranges = new ArrayList<>();
            Matcher m = pattern.compiled().matcher(piece.text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    ranges.add(new int[] {m.start(), m.end()});
                }
            }
            splitAt(piece, ranges, behavior, invert, out);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Split");
            m.put("pattern", pattern.toJson());
            m.put("behavior", behavior.name());
            m.put("invert", invert);
            return m;
        }
    }

    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        @Override
        public void split(NormalizedText piece, boolean first, List<NormalizedText> out) {
            List<NormalizedText> current = List.of(piece);
            for (PreTokenizer step : steps) {
                List<NormalizedText> next = new ArrayList<>();
                boolean isFirst = first;
                for (NormalizedText p : current) {
                    step.split(p, isFirst, next);
                    isFirst = false;
                }
                current = next;
            }
            out.addAll(current);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = typed("Sequence");
            List<Object> list = new ArrayList<>();
            steps.forEach(s -> list.add(s.toJson()));
            m.put("pretokenizers", list);
            return m;
        }
    }
}
