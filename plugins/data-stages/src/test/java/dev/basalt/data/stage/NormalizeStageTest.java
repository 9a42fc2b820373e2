package dev.basalt.data.stage;

import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import org.junit.jupiter.api.Test;

import static dev.basalt.data.stage.StageHarness.keptText;
import static dev.basalt.data.stage.StageHarness.removalReason;
import static dev.basalt.data.stage.StageHarness.stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizeStageTest {

    @Test
    void nfkcFoldsCompatibilityCharacters() {
        // U+FB01 ligature fi, fullwidth letters and digits, circled one, superscript two, trade mark sign.
        assertEquals("fine ABC123 1 x2 TM", keptText(stage("normalize"), "\uFB01ne \uFF21\uFF22\uFF23\uFF11\uFF12\uFF13 \u2460 x\u00B2 \u2122"));
    }

    @Test
    void normalFormIsASetting() {
        String decomposed = "caf" + "e\u0301";
        assertEquals("caf\u00E9", keptText(stage("normalize", "form", "NFC"), decomposed));
        assertEquals("caf\u00E9", keptText(stage("normalize"), decomposed));
        assertEquals(decomposed, keptText(stage("normalize", "form", "NFD"), "caf\u00E9"));
        assertEquals(decomposed, keptText(stage("normalize", "form", "none"), decomposed));
        // NFC keeps compatibility characters that NFKC folds.
        assertEquals("\uFB01", keptText(stage("normalize", "form", "nfc"), "\uFB01"));
    }

    @Test
    void controlAndInvisibleCharactersAreStripped() {
        // BEL, zero-width space, byte order mark, soft hyphen, a private-use and an unassigned code point, a lone
        // surrogate; tab and newline stay.
        String dirty = "bell\u0007 zero\u200Bwidth \uFEFFbom soft\u00ADhyphen \uE000private\u0378 lone\uD800\tTab\nline";
        DataStage strip = stage("normalize", "collapse-whitespace", false);
        assertEquals("bell zerowidth bom softhyphen private lone\tTab\nline", keptText(strip, dirty));
        DataStage keep = stage("normalize", "collapse-whitespace", false, "strip-control", false, "form", "none");
        assertEquals(dirty, keptText(keep, dirty));
    }

    @Test
    void whitespaceIsCollapsed() {
        // Carriage returns become newlines, runs of spaces, tabs and the ideographic space become one space,
        // lines are trimmed and three or more newlines become two.
        String messy = "  one \t two  \r\n\r\n\r\n\r\n  three  \n four\u3000five\u00A0six ";
        assertEquals("one two\n\nthree\nfour five six", keptText(stage("normalize"), messy));
        assertEquals("a\n\nb", keptText(stage("normalize"), "a\n\n\n\n\nb"));
        assertEquals("a\nb", keptText(stage("normalize", "collapse-whitespace", false), "a\r\nb"));
    }

    @Test
    void emojiAndSymbolsAreSpelledOutWhenChosen() {
        DataStage spell = stage("normalize", "symbols-to-text", true);
        // U+2764 U+FE0F: the variation selector goes with its emoji.
        assertEquals("I :heavy black heart: Basalt :grinning face:", keptText(spell, "I \u2764\uFE0F Basalt \uD83D\uDE00"));
        assertEquals("a :grinning face: b", keptText(spell, "a\uD83D\uDE00b"));
        // A zero-width-joiner sequence is its parts.
        assertEquals("family :man: :woman: :girl:", keptText(spell, "family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"));
        // A skin-tone modifier and a keycap mark belong to the emoji they modify; they are not left behind raw.
        assertEquals("ok :thumbs up sign:", keptText(spell, "ok \uD83D\uDC4D\uD83C\uDFFD"));
        assertEquals("press 1 now", keptText(spell, "press 1\uFE0F\u20E3 now"));
        assertEquals("(c) :copyright sign: 2024", keptText(spell, "(c) \u00A9 2024"));
        // Off by default: emoji pass through.
        assertEquals("I \u2764\uFE0F it", keptText(stage("normalize"), "I \u2764\uFE0F it"));
        // Letters, digits and punctuation are never spelled out.
        assertEquals("Déjà vu, 3 × 4!", keptText(spell, "Déjà vu, 3 × 4!"));
    }

    @Test
    void datesAreRemovedWhenChosen() {
        DataStage dates = stage("normalize", "remove-dates", true);
        assertEquals("Signed on , again on , then and ; ended .", keptText(dates,
                "Signed on 2004-03-30, again on 30/03/2004, then March 30, 2004 and 30 March 2004; ended Sept. 1st, 1999."));
        // Numbers that are not dates stay.
        assertEquals("It cost 42 euros in May.", keptText(dates, "It cost 42 euros in May."));
    }

    @Test
    void numbersAreRemovedWhenChosen() {
        DataStage numbers = stage("normalize", "remove-numbers", true);
        assertEquals("apples, degrees, people, B52 bombers and 3rd place.",
                keptText(numbers, "42 apples, -3.5 degrees, 1,000,000 people, B52 bombers and 3rd place."));
    }

    @Test
    void lowercaseWhenChosen() {
        assertEquals("àb σ", keptText(stage("normalize", "lowercase", true), "ÀB Σ"));
    }

    @Test
    void documentLeftEmptyIsRemoved() {
        assertEquals("empty", removalReason(stage("normalize"), "\u200B \t\n\u0007 "));
        assertEquals("empty", removalReason(stage("normalize", "remove-numbers", true), "12 3.5"));
    }

    @Test
    void unknownFormIsAClearError() {
        BasaltException e = assertThrows(BasaltException.class, () -> stage("normalize", "form", "NFX"));
        assertTrue(e.getMessage().contains("NFX") && e.getMessage().contains("NFKC"), e.getMessage());
    }
}
