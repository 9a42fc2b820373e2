package dev.basalt.data.stage;

import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.basalt.data.stage.StageHarness.keptText;
import static dev.basalt.data.stage.StageHarness.removalReason;
import static dev.basalt.data.stage.StageHarness.stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanHtmlStageTest {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><title>Volcanic rocks</title><style>p { color: red }</style>
            <script>var tracking = "cookie";</script></head>
            <body>
            <header><a href="/">Home</a> <a href="/news">News</a></header>
            <nav><ul><li><a href="/a">Geology articles</a></li><li><a href="/b">Mineral guides</a></li></ul></nav>
            <div id="cookie-notice">We use cookies to improve your experience. Accept all cookies to continue.</div>
            <div class="ad-slot">Buy cheap rock hammers today at the best price online.</div>
            <main><article>
            <h1>Basalt</h1>
            <p>Basalt is a fine-grained volcanic rock formed from the rapid
               cooling of lava rich in magnesium and iron.</p>
            <p>More than ninety percent of all volcanic rock on Earth is basalt, and it makes up most of the ocean floor.</p>
            <div class="share-buttons"><a href="#">Share on social media</a></div>
            <div><a href="/">Home</a> | <a href="/p">Products</a> | <a href="/u">About us</a> | <a href="/c">Contact</a></div>
            <div>Advertisement</div>
            <p>Weathered basalt forms <a href="/soil">fertile soils</a> that farmers have valued for centuries.</p>
            <p>Read more</p>
            </article></main>
            <aside><p>Related: the best granite countertops for your kitchen this year.</p></aside>
            <footer><p>Copyright 2024 Rock Facts Media. All rights reserved.</p></footer>
            <form><button>Subscribe to our newsletter now</button></form>
            </body></html>
            """;

    @Test
    void boilerplateIsRemovedAndArticleTextKept() {
        DataStage clean = stage("clean-html");
        assertEquals("""
                Volcanic rocks

                Basalt

                Basalt is a fine-grained volcanic rock formed from the rapid cooling of lava rich in magnesium and iron.

                More than ninety percent of all volcanic rock on Earth is basalt, and it makes up most of the ocean floor.

                Weathered basalt forms fertile soils that farmers have valued for centuries.""", keptText(clean, PAGE));
    }

    @Test
    void linkDensityAndBlockLengthAreSettings() {
        // With link density allowed up to 1 and one-word blocks allowed, the link row, the lone "Advertisement"
        // and "Read more" survive; the elements matched by remove-selectors still go.
        String text = keptText(stage("clean-html", "max-link-density", 1.0, "min-block-words", 1), PAGE);
        assertTrue(text.contains("\n\nHome | Products | About us | Contact\n\nAdvertisement\n\n"), text);
        assertTrue(text.endsWith("centuries.\n\nRead more"), text);
        assertTrue(!text.contains("cookies") && !text.contains("hammers") && !text.contains("Geology")
                && !text.contains("granite") && !text.contains("Copyright") && !text.contains("newsletter"), text);
    }

    @Test
    void removeSelectorsAreConfigurable() {
        DataStage onlyScripts = stage("clean-html", "remove-selectors", List.of("script", "style", "#cookie-notice"));
        String text = keptText(onlyScripts, PAGE);
        assertTrue(text.contains("Buy cheap rock hammers today at the best price online."), text);
        assertTrue(text.contains("Related: the best granite countertops for your kitchen this year."), text);
        assertTrue(!text.contains("cookies") && !text.contains("tracking"), text);
    }

    @Test
    void entitiesAreDecoded() {
        assertEquals("Rock & roll — “quoted” < and >",
                keptText(stage("clean-html"), "<p>Rock &amp; roll &mdash; &ldquo;quoted&rdquo; &lt; and &gt;</p>"));
    }

    @Test
    void lineBreaksInsideAParagraphKeepItsText() {
        // A <br> ends a line, not a block: the short line after it belongs to its paragraph and is not dropped
        // as a block under min-block-words.
        assertEquals("The meeting is on Friday at noon.\nBring notes.",
                keptText(stage("clean-html"), "<p>The meeting is on Friday at noon.<br>Bring notes.</p>"));
        assertEquals("Roses are red,\nviolets are blue.", keptText(stage("clean-html"),
                "<div><p>Roses are red, <br/>\n  violets are blue.</p></div>"));
    }

    @Test
    void plainTextPassesUnchangedWhenOnlyIfMarkup() {
        DataStage clean = stage("clean-html");
        String plain = "Plain text\nwith  two lines.";
        assertEquals(plain, keptText(clean, plain));
        // Comparisons are not tags: a tag name follows '<' directly.
        String math = "If a < b and b > c then a < c.\nSo 3 < 4 > 2.";
        assertEquals(math, keptText(clean, math));
        // With only-if-markup off, plain text is parsed too (its line breaks become spaces of one block).
        assertEquals("Plain text with two lines.", keptText(stage("clean-html", "only-if-markup", false), plain));
    }

    @Test
    void pageWithoutTextIsRemoved() {
        DataStage clean = stage("clean-html");
        assertEquals("no-text", removalReason(clean,
                "<html><body><nav><a href=\"/\">Home</a></nav><div class=\"cookie-bar\">We use cookies.</div></body></html>"));
    }

    @Test
    void badSettingsAreClearErrors() {
        BasaltException selector = assertThrows(BasaltException.class,
                () -> stage("clean-html", "remove-selectors", List.of("div[")));
        assertTrue(selector.getMessage().contains("div["), selector.getMessage());
        BasaltException density = assertThrows(BasaltException.class,
                () -> stage("clean-html", "max-link-density", 1.5));
        assertTrue(density.getMessage().contains("max-link-density"), density.getMessage());
    }
}
