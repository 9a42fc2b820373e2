package dev.basalt.tokenizers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.Base64;
import java.util.Map;

/**
 * SentencePiece's compiled normalization rules (a Darts double-array trie over UTF-8 keys plus a pool of
 * replacement strings). Like Hugging Face, each grapheme shorter than 6 bytes is looked up whole first,
 * else char by char, and the shortest rule matching a prefix replaces the whole chunk.
 */
final class Precompiled implements Normalizer {
    private final byte[] blob;
    private final int[] trie;
    private final byte[] pool;

    private Precompiled(byte[] blob, int[] trie, byte[] pool) {
        this.blob = blob;
        this.trie = trie;
        this.pool = pool;
    }

    /**
     * @param source names the file in error messages
     */
    static Precompiled of(byte[] blob, String source) {
        if (blob.length < 4) {
            throw new dev.basalt.api.BasaltException("Tokenizer file " + source + ": the precompiled_charsmap is "
                    + blob.length + " bytes, too short to hold its trie size.");
        }
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int trieBytes = buf.getInt();
        if (trieBytes < 0 || trieBytes % 4 != 0 || 4 + (long) trieBytes > blob.length) {
            throw new dev.basalt.api.BasaltException("Tokenizer file " + source + ": the precompiled_charsmap says its trie has "
                    + trieBytes + " bytes but the blob has " + (blob.length - 4) + ".");
        }
        int[] trie = new int[trieBytes / 4];
        for (int i = 0; i < trie.length; i++) {
            trie[i] = buf.getInt();
        }
        byte[] pool = new byte[blob.length - 4 - trieBytes];
        buf.get(pool);
        return new Precompiled(blob, trie, pool);
    }

    static Normalizer fromBase64(String base64, JsonReader r) {
        if (base64 == null || base64.isEmpty()) {
            return new Normalizers.Sequence(java.util.List.of());
        }
        try {
            return of(Base64.getDecoder().decode(base64), r.source());
        } catch (IllegalArgumentException e) {
            throw r.error("precompiled_charsmap is not valid base64");
        }
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /** The pool offset of the shortest key that is a prefix of {@code key}, or -1. */
    private int firstPrefixValue(byte[] key) {
        if (trie.length == 0) {
            return -1;
        }
        int pos = offset(trie[0]);
        for (byte b : key) {
            int c = b & 0xFF;
            if (c == 0) {
                return -1;
            }
            pos ^= c;
            if (pos < 0 || pos >= trie.length) {
                return -1;
            }
            int unit = trie[pos];
            if ((unit & 0x800000FF) != c) {
                return -1;
            }
            pos ^= offset(unit);
            if (((unit >>> 8) & 1) == 1) {
                return pos < trie.length ? trie[pos] & 0x7FFFFFFF : -1;
            }
        }
        return -1;
    }

    private String transform(String chunk) {
        int at = firstPrefixValue(chunk.getBytes(StandardCharsets.UTF_8));
        if (at < 0 || at > pool.length) {
            return null;
        }
        int end = at;
        while (end < pool.length && pool[end] != 0) {
            end++;
        }
        return new String(pool, at, end - at, StandardCharsets.UTF_8);
    }

    @Override
    public NormalizedText normalize(NormalizedText in) {
        String s = in.text;
        NormalizedText.Builder out = new NormalizedText.Builder(s.length() + 8);
        BreakIterator graphemes = BreakIterator.getCharacterInstance();
        graphemes.setText(s);
        int start = graphemes.first();
        for (int end = graphemes.next(); end != BreakIterator.DONE; start = end, end = graphemes.next()) {
            String grapheme = s.substring(start, end);
            if (utf8Length(grapheme) < 6) {
                String replaced = transform(grapheme);
                if (replaced != null) {
                    out.append(replaced, in.starts[start], in.ends[end - 1]);
                    continue;
                }
            }
            for (int i = start; i < end; ) {
                int cp = s.codePointAt(i);
                int len = Character.charCount(cp);
                String replaced = transform(s.substring(i, i + len));
                if (replaced != null) {
                    out.append(replaced, in.starts[i], in.ends[i + len - 1]);
                } else {
                    for (int k = i; k < i + len; k++) {
                        out.append(s.charAt(k), in.starts[k], in.ends[k]);
                    }
                }
                i += len;
            }
        }
        return out.build();
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Normalizers.typed("Precompiled");
        m.put("precompiled_charsmap", Base64.getEncoder().encodeToString(blob));
        return m;
    }
}
