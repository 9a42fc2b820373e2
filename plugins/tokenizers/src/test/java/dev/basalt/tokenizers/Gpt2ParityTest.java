package dev.basalt.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GPT-2 byte-level BPE against Hugging Face tokenizers and jtokkit's r50k_base. */
class Gpt2ParityTest {
    private static HuggingFaceTokenizer hf;
    private static PipelineTokenizer fromJson;

    @BeforeAll
    static void load() {
        var json = TestData.file("models/lm-buddy-fake-gpt2/tokenizer.json");
        hf = TestData.hf(json, false);
        fromJson = TokenizerFiles.read(json);
    }

    @AfterAll
    static void close() {
        if (hf != null) {
            hf.close();
        }
    }

    @Test
    void tokenizerJsonMatchesHuggingFaceOnEveryCorpus() {
        Parity.assertSameIds("gpt2 tokenizer.json vs HF", fromJson, hf, false, true);
    }

    @Test
    void vocabJsonAndMergesTxtMatchHuggingFace() {
        PipelineTokenizer legacy = TokenizerFiles.read(TestData.file("tokenizers/gpt2/vocab.json"));
        Parity.assertSameIds("gpt2 vocab.json+merges.txt vs HF", legacy, hf, false, true);
        PipelineTokenizer openAi = TokenizerFiles.byteLevelBpe(TestData.file("tokenizers/gpt2/encoder.json"),
                TestData.file("tokenizers/gpt2/vocab.bpe"));
        assertArrayEquals(legacy.encode("OpenAI's original file names"), openAi.encode("OpenAI's original file names"));
    }

    @Test
    void matchesJtokkitR50kOnEveryCorpus() {
        Encoding r50k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        // jtokkit's encodeOrdinary treats <|endoftext|> as text, so compare on texts without it.
        Map<String, List<String>> corpora = new java.util.LinkedHashMap<>();
        TestData.corpora().forEach((k, v) -> corpora.put(k, v.stream().filter(t -> !t.contains("<|endoftext|>")).toList()));
        Parity.assertSame("gpt2 vs jtokkit r50k", corpora, fromJson::encode, t -> r50k.encodeOrdinary(t).toArray(),
                ids -> fromJson.decode(ids, false), ids -> r50k.decode(toList(ids)));
    }

    static com.knuddels.jtokkit.api.IntArrayList toList(int[] ids) {
        var list = new com.knuddels.jtokkit.api.IntArrayList(ids.length);
        for (int id : ids) {
            list.add(id);
        }
        return list;
    }

    @Test
    void offsetsPointAtTheOriginalText() {
        String text = "Hello wörld 😀<|endoftext|>!";
        var e = fromJson.encode(text, false);
        var ref = hf.encode(text);
        assertArrayEquals(TestData.ints(ref.getIds()), e.ids());
        var spans = ref.getCharTokenSpans();
        for (int i = 0; i < e.length(); i++) {
            // HF counts offsets in code points; ours are UTF-16 indices, usable with String.substring.
            assertEquals(text.offsetByCodePoints(0, spans[i].getStart()), e.starts()[i], "start of token " + i);
            assertEquals(text.offsetByCodePoints(0, spans[i].getEnd()), e.ends()[i], "end of token " + i);
            assertEquals(ref.getTokens()[i], e.tokens()[i]);
        }
    }

    @Test
    void specialTokenNextToTextIsOneToken() {
        int eot = fromJson.tokenId("<|endoftext|>").orElseThrow();
        int[] ids = fromJson.encode("a<|endoftext|>b");
        assertArrayEquals(TestData.ints(hf.encode("a<|endoftext|>b").getIds()), ids);
        assertEquals(eot, ids[1]);
        assertEquals("ab", fromJson.decode(ids, true));
    }
}
