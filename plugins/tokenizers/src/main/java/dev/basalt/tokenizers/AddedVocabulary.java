package dev.basalt.tokenizers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds added tokens in text: leftmost match first, the longest at a position, with strip and word rules. */
final class AddedVocabulary {
    private final List<AddedToken> tokens;
    private final Map<Integer, AddedToken> byId = new HashMap<>();
    private final Map<String, AddedToken> byContent = new HashMap<>();
    /** Candidates per first char, longest first; one map for raw-text tokens, one for normalized ones. */
    private final Map<Character, List<AddedToken>> raw = new HashMap<>();
    private final Map<Character, List<AddedToken>> normalized = new HashMap<>();

    /** Matched content per token: normalized tokens are matched in their normalized spelling. */
    private final Map<AddedToken, String> pattern = new HashMap<>();

    AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer) {
        this.tokens = List.copyOf(tokens);
        for (AddedToken t : tokens) {
            byId.put(t.id(), t);
            byContent.put(t.content(), t);
            String spelled = t.normalized() && normalizer != null
                    ? normalizer.normalize(NormalizedText.of(t.content(), 0, t.content().length())).text : t.content();
            if (spelled.isEmpty()) {
                continue;
            }
            pattern.put(t, spelled);
            (t.normalized() ? normalized : raw).computeIfAbsent(spelled.charAt(0), k -> new ArrayList<>()).add(t);
        }
        Comparator<AddedToken> longestFirst = Comparator.comparingInt((AddedToken t) -> pattern.get(t).length()).reversed();
        raw.values().forEach(l -> l.sort(longestFirst));
        normalized.values().forEach(l -> l.sort(longestFirst));
    }

    List<AddedToken> tokens() {
        return tokens;
    }

    AddedToken byId(int id) {
        return byId.get(id);
    }

    AddedToken byContent(String content) {
        return byContent.get(content);
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    /**
     * Splits {@code text} into segments {@code [start, end, id]} where id is the added token's or -1 for
     * ordinary text. {@code normalizedPass} selects the tokens that match normalized text.
     */
    List<int[]> split(String text, boolean normalizedPass) {
        Map<Character, List<AddedToken>> candidates = normalizedPass ? normalized : raw;
        List<int[]> out = new ArrayList<>();
        if (candidates.isEmpty()) {
            out.add(new int[] {0, text.length(), -1});
            return out;
        }
        int segmentStart = 0;
        int i = 0;
        while (i < text.length()) {
            List<AddedToken> list = candidates.get(text.charAt(i));
            AddedToken match = null;
            if (list != null) {
                for (AddedToken t : list) {
                    if (text.startsWith(pattern.get(t), i) && wordBoundaryOk(t, pattern.get(t), text, i)) {
                        match = t;
                        break;
                    }
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            int start = i;
            int end = i + pattern.get(match).length();
            if (match.lstrip()) {
                while (start > segmentStart && Chars.isWhitespace(text.codePointBefore(start))) {
                    start -= Character.charCount(text.codePointBefore(start));
                }
            }
            if (match.rstrip()) {
                while (end < text.length() && Chars.isWhitespace(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
            }
            if (start > segmentStart) {
                out.add(new int[] {segmentStart, start, -1});
            }
            out.add(new int[] {start, end, match.id()});
            segmentStart = end;
            i = end;
        }
        if (segmentStart < text.length() || out.isEmpty()) {
            out.add(new int[] {segmentStart, text.length(), -1});
        }
        return out;
    }

    private static boolean wordBoundaryOk(AddedToken t, String spelled, String text, int at) {
        if (!t.singleWord()) {
            return true;
        }
        int end = at + spelled.length();
        boolean before = at > 0 && Chars.isAlphanumeric(text.codePointBefore(at));
        boolean after = end < text.length() && Chars.isAlphanumeric(text.codePointAt(end));
        return !before && !after;
    }
}
