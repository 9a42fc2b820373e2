package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;
import dev.basalt.api.BasaltPlugin;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader service, and the errors bad files give. */
class CommandsAndErrorsTest {

    private static String messageOf(Path file) {
        return assertThrows(BasaltException.class, () -> TokenizerFiles.read(file)).getMessage();
    }

    @Test
    void truncatedTokenizerJsonNamesTheFileAndThePlace(@TempDir Path dir) throws Exception {
        String full = Files.readString(TestData.file("minilm/tokenizer.json"));
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, full.substring(0, full.length() / 2));
        String message = messageOf(file);
        assertTrue(message.contains(file.toString()) && message.contains("truncated") && message.contains("line"), message);
    }

    @Test
    void mergeNamingAnUnknownTokenIsReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b", "a zz"]}}""");
        String message = messageOf(dir.resolve("tokenizer.json"));
        assertTrue(message.contains("merge 2") && message.contains("'zz'") && message.contains("tokenizer.json"), message);
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": 1}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\n");
        message = messageOf(dir.resolve("vocab.json"));
        assertTrue(message.contains("merges.txt") && message.contains("'ab'"), message);
    }

    @Test
    void vocabWithDuplicateIdsIsReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "hello": 1, "world": 1}}}""");
        String message = messageOf(dir.resolve("tokenizer.json"));
        assertTrue(message.contains("id 1") && message.contains("'hello'") && message.contains("'world'")
                && message.contains("tokenizer.json"), message);
        Files.writeString(dir.resolve("vocab.txt"), "[UNK]\nhello\nworld\nhello\n");
        message = messageOf(dir.resolve("vocab.txt"));
        assertTrue(message.contains("line 4") && message.contains("'hello'"), message);
    }

    @Test
    void truncatedSentencePieceModelIsReported(@TempDir Path dir) throws Exception {
        byte[] full = Files.readAllBytes(TestData.file("sentencepiece-google/test_model.model"));
        Path file = dir.resolve("cut.model");
        Files.write(file, java.util.Arrays.copyOf(full, 1000));
        String message = messageOf(file);
        assertTrue(message.contains(file.toString()) && message.contains("truncated"), message);
    }

    @Test
    void unknownComponentTypesListWhatIsSupported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"normalizer": {"type": "Fancy"}, "model": {"type": "BPE", "vocab": {}, "merges": []}}""");
        String message = messageOf(dir.resolve("tokenizer.json"));
        assertTrue(message.contains("'Fancy'") && message.contains("BertNormalizer"), message);
    }

    @Test
    void pluginAndLoaderAreDiscoveredThroughServices() {
        assertTrue(ServiceLoader.load(BasaltPlugin.class).stream().anyMatch(p -> p.type() == TokenizersPlugin.class));
        Tokenizer t = Tokenizers.load(TestData.file("models/lm-buddy-bert-tiniest"));
        assertEquals(30522, t.vocabSize());
        assertArrayEquals(new int[] {7592, 2088}, t.encode("Hello world"));
        BasaltException missing = assertThrows(BasaltException.class, () -> Tokenizers.load(Path.of("no/such/dir")));
        assertTrue(missing.getMessage().contains("no/such/dir"));
    }
}
