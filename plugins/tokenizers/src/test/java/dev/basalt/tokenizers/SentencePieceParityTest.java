package dev.basalt.tokenizers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SentencePiece test models read from their .model protobuf. Hugging Face tokenizers cannot read .model
 * files, so the reference runs on the tokenizer.json we convert the model to: this checks our Unigram
 * Viterbi, charsmap normalizer, Metaspace handling and decoding against HF's, on the same definition.
 */
class SentencePieceParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"test_model.model", "test_ja_model.model"})
    void unigramModelMatchesHuggingFace(String name, @TempDir Path dir) throws Exception {
        PipelineTokenizer ours = TokenizerFiles.read(TestData.file("sentencepiece-google/" + name));
        assertTrue(ours.vocabSize() >= 1000, "vocab of " + name + ": " + ours.vocabSize());
        assertEquals(0, ours.tokenId("<unk>").orElseThrow());
        Path json = dir.resolve("tokenizer.json");
        ours.save(json);
        try (HuggingFaceTokenizer hf = TestData.hf(json, false)) {
            Parity.assertSameIds("sentencepiece " + name + " vs HF", ours, hf, false, true);
        }
    }
}
