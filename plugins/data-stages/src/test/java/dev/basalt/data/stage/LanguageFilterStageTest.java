package dev.basalt.data.stage;

import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.data.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static dev.basalt.data.stage.StageHarness.removalReason;
import static dev.basalt.data.stage.StageHarness.stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanguageFilterStageTest {

    /**
     * The languages of the first 40 Europarl documents in shared data, read by a person (the file itself has no
     * language column).
     */
    private static final List<String> EUROPARL_LANGUAGES = List.of(
            "italian", "swedish", "german", "swedish", "swedish", "italian", "swedish", "dutch", "english", "spanish",
            "spanish", "greek", "portuguese", "portuguese", "estonian", "greek", "portuguese", "swedish", "portuguese",
            "german", "lithuanian", "lithuanian", "portuguese", "portuguese", "latvian", "portuguese", "spanish",
            "swedish", "spanish", "danish", "english", "finnish", "lithuanian", "english", "french", "dutch", "german",
            "lithuanian", "spanish", "english");

    private static final List<String> EU_LANGUAGES = List.of("english", "german", "french", "italian", "spanish",
            "portuguese", "dutch", "swedish", "danish", "finnish", "estonian", "latvian", "lithuanian", "greek");

    @Test
    void europarlDocumentsAreKeptOrRemovedByTheirLanguage() {
        List<String> documents = SharedData.europarlBodies(EUROPARL_LANGUAGES.size());
        for (boolean lowAccuracy : new boolean[] {false, true}) {
            DataStage english = stage("language-filter", "candidates", EU_LANGUAGES, "low-accuracy", lowAccuracy);
            for (int i = 0; i < documents.size(); i++) {
                String language = EUROPARL_LANGUAGES.get(i);
                String expected = language.equals("english") ? null : "language-" + language;
                assertEquals(expected, removalReason(english, documents.get(i)),
                        "document " + (i + 1) + ", low-accuracy " + lowAccuracy + ": " + documents.get(i).substring(0, 80));
            }
        }
        // Keeping two languages keeps the documents of both.
        DataStage germanOrDutch = stage("language-filter", "keep", List.of("german", "dutch"), "candidates", EU_LANGUAGES);
        for (int i = 0; i < documents.size(); i++) {
            String language = EUROPARL_LANGUAGES.get(i);
            boolean keep = language.equals("german") || language.equals("dutch");
            assertEquals(keep, removalReason(germanOrDutch, documents.get(i)) == null, "document " + (i + 1));
        }
    }

    /** Every 25th Tatoeba pair whose English side has at least six words: English and Chinese sentences. */
    private static List<String[]> tatoebaPairs() {
        try {
            List<String> lines = Files.readAllLines(SharedData.file("parallel/tatoeba-eng-cmn/cmn.txt"),
                    StandardCharsets.UTF_8);
            List<String[]> pairs = new ArrayList<>();
            for (int i = 0; i < lines.size(); i += 25) {
                String[] pair = lines.get(i).split("\t");
                if (pair.length >= 2 && pair[0].split(" ").length >= 6) {
                    pairs.add(pair);
                }
            }
            return pairs;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void tatoebaSentencesEnglishAndChinese() {
        List<String[]> pairs = tatoebaPairs();
        assertTrue(pairs.size() > 400, "pairs: " + pairs.size());
        List<String> candidates = List.of("english", "chinese", "german", "french", "spanish", "dutch", "italian");
        DataStage english = stage("language-filter", "candidates", candidates);
        DataStage chinese = stage("language-filter", "keep", List.of("chinese"), "candidates", candidates);
        int englishKept = 0;
        List<String> missed = new ArrayList<>();
        for (String[] pair : pairs) {
            if (removalReason(english, pair[0]) == null) {
                englishKept++;
            } else {
                missed.add(pair[0] + " -> " + removalReason(english, pair[0]));
            }
            assertEquals("language-chinese", removalReason(english, pair[1]), pair[1]);
            assertNull(removalReason(chinese, pair[1]), pair[1]);
            assertEquals("language-english", removalReason(chinese, pair[0]), pair[0]);
        }
        double recall = (double) englishKept / pairs.size();
        System.out.printf("language-filter: %d of %d Tatoeba English sentences (6+ words) kept (%.4f); missed %s%n",
                englishKept, pairs.size(), recall, missed);
        // Short sentences are the hard case for n-gram models; at six words or more, 98% is the bound written here.
        assertTrue(recall >= 0.98, "English kept: " + recall + ", missed " + missed);
    }

    @Test
    void minRelativeDistanceRemovesCloseCalls() {
        // Lingua's values are relative (the most likely language has 1.0). Across 14 Latin-script candidates some
        // other language always comes within 0.99 of English, so a distance of 0.99 leaves English uncertain;
        // Greek script allows only Greek, which then has no rival at all.
        List<String> documents = SharedData.europarlBodies(12);
        String english = documents.get(8);
        String greek = documents.get(11);
        assertNull(removalReason(stage("language-filter", "candidates", EU_LANGUAGES), english));
        assertEquals("language-uncertain", removalReason(stage("language-filter", "candidates", EU_LANGUAGES,
                "min-relative-distance", 0.99), english));
        assertNull(removalReason(stage("language-filter", "keep", List.of("greek"), "candidates", EU_LANGUAGES,
                "min-relative-distance", 0.99), greek));
    }

    @Test
    void textWithoutLettersHasNoLanguage() {
        assertEquals("language-unknown", removalReason(
                stage("language-filter", "candidates", List.of("english", "german")), "12345 67 -- !!!"));
    }

    @Test
    void badSettingsAreClearErrors() {
        BasaltException unknown = assertThrows(BasaltException.class,
                () -> stage("language-filter", "keep", List.of("klingon")));
        assertTrue(unknown.getMessage().contains("klingon"), unknown.getMessage());
        assertThrows(BasaltException.class, () -> stage("language-filter", "keep", List.of()));
        assertThrows(BasaltException.class,
                () -> stage("language-filter", "keep", List.of("english"), "candidates", List.of("english")));
    }
}
