package dev.basalt.tokenizers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** The decoders of the tokenizer.json format. */
final class Decoders {
    private Decoders() {
    }

    static Decoder fromJson(Map<String, Object> json, JsonReader r) {
        String type = r.string(json, "type");
        return switch (type) {
            case "ByteLevel" -> new ByteLevelDecoder();
            case "WordPiece" -> new WordPiece(json.get("prefix") == null ? "##" : r.string(json, "prefix"), r.bool(json, "cleanup", true));
            case "Metaspace" -> {
                String scheme = json.get("prepend_scheme") instanceof String s ? s
                        : (r.bool(json, "add_prefix_space", true) ? "always" : "never");
                yield new Metaspace(r.string(json, "replacement"), scheme);
            }
            case "BPEDecoder" -> new BpeSuffix(json.get("suffix") == null ? "</w>" : r.string(json, "suffix"));
            case "ByteFallback" -> new ByteFallback();
            case "Fuse" -> new Fuse();
            case "Strip" -> new Strip(r.string(json, "content"), (int) r.integer(json, "start", 0), (int) r.integer(json, "stop", 0));
            case "Replace" -> new Replace(Normalizers.RegexPattern.fromJson(r.map(json, "pattern"), r), r.string(json, "content"));
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (Map<String, Object> step : r.mapList(json, "decoders")) {
                    steps.add(fromJson(step, r));
                }
                yield new Sequence(steps);
            }
            default -> throw r.error("decoder type '" + type + "' is not supported (supported: ByteLevel, WordPiece, "
                    + "Metaspace, BPEDecoder, ByteFallback, Fuse, Strip, Replace, Sequence)");
        };
    }

    record ByteLevelDecoder() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return List.of(ByteLevel.fromBytes(String.join("", tokens)));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("ByteLevel");
            m.put("add_prefix_space", true);
            m.put("trim_offsets", true);
            m.put("use_regex", true);
            return m;
        }
    }

    record WordPiece(String prefix, boolean cleanup) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                if (i > 0) {
                    t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
                }
                out.add(cleanup ? cleanup(t) : t);
            }
            return out;
        }

        /** BERT's clean-up of spaces before punctuation and contractions. */
        static String cleanup(String s) {
            return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                    .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
                    .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("WordPiece");
            m.put("prefix", prefix);
            m.put("cleanup", cleanup);
            return m;
        }
    }

    record Metaspace(String replacement, String prependScheme) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i).replace(replacement, " ");
                if (i == 0 && !prependScheme.equals("never") && t.startsWith(" ")) {
                    t = t.substring(1);
                }
                out.add(t);
            }
            return out;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("Metaspace");
            m.put("replacement", replacement);
            m.put("prepend_scheme", prependScheme);
            m.put("split", true);
            return m;
        }
    }

    record BpeSuffix(String suffix) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                out.add(tokens.get(i).replace(suffix, i + 1 == tokens.size() ? "" : " "));
            }
            return out;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("BPEDecoder");
            m.put("suffix", suffix);
            return m;
        }
    }

    /** Turns runs of {@code <0xAB>} tokens back into the text their bytes spell. */
    record ByteFallback() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            int pendingCount = 0;
            for (String t : tokens) {
                int b = byteToken(t);
                if (b >= 0) {
                    pending.write(b);
                    pendingCount++;
                    continue;
                }
                if (pendingCount > 0) {
                    flush(pending, pendingCount, out);
                    pendingCount = 0;
                }
                out.add(t);
            }
            if (pendingCount > 0) {
                flush(pending, pendingCount, out);
            }
            return out;
        }

        private static void flush(ByteArrayOutputStream pending, int count, List<String> out) {
            try {
                out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(pending.toByteArray())).toString());
            } catch (CharacterCodingException e) {
                for (int i = 0; i < count; i++) {
                    out.add("\uFFFD");
                }
            }
            pending.reset();
        }

        static int byteToken(String t) {
            if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
                try {
                    return Integer.parseInt(t.substring(3, 5), 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return -1;
        }

        @Override
        public Map<String, Object> toJson() {
            return Normalizers.typed("ByteFallback");
        }
    }

    record Fuse() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }

        @Override
        public Map<String, Object> toJson() {
            return Normalizers.typed("Fuse");
        }
    }

    record Strip(String content, int start, int stop) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int from = 0;
                int to = t.length();
                for (int i = 0; i < start && t.startsWith(content, from); i++) {
                    from += content.length();
                }
                for (int i = 0; i < stop && to - content.length() >= from && t.startsWith(content, to - content.length()); i++) {
                    to -= content.length();
                }
                out.add(t.substring(from, to));
            }
            return out;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("Strip");
            m.put("content", content);
            m.put("start", (long) start);
            m.put("stop", (long) stop);
            return m;
        }
    }

    record Replace(Normalizers.RegexPattern pattern, String content) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                out.add(pattern.compiled().matcher(t).replaceAll(Matcher.quoteReplacement(content)));
            }
            return out;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("Replace");
            m.put("pattern", pattern.toJson());
            m.put("content", content);
            return m;
        }
    }

    record Sequence(List<Decoder> steps) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> t = tokens;
            for (Decoder step : steps) {
                t = step.decodeChain(t);
            }
            return t;
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = Normalizers.typed("Sequence");
            List<Object> list = new ArrayList<>();
            steps.forEach(s -> list.add(s.toJson()));
            m.put("decoders", list);
            return m;
        }
    }
}
