package dev.basalt.data.stage;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeVisitor;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HTML page to plain text with boilerplate removed: elements matching {@code remove-selectors} (navigation,
 * scripts, cookie banners, ads by default) are deleted, then the page is cut into text blocks at block-level
 * elements and a block is dropped when most of its text is link text ({@code max-link-density}) or it has
 * fewer than {@code min-block-words} words (headings excepted). A {@code <br>} is a line break inside its block.
 * Documents without markup (no tag, comment or doctype) pass unchanged when
 * {@code only-if-markup} is set. A page with no text left is removed as {@code no-text}.
 */
public final class CleanHtmlStage implements DataStage {

    static final String NAME = "clean-html";

    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
            "pre", "blockquote", "td", "th", "tr", "table", "dd", "dt", "dl", "section", "article", "main",
            "header", "footer", "figcaption", "title", "body", "html");
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6", "title");
    /** A start or end tag (its name right after '<' or '</', as HTML requires), a comment or a doctype. */
    private static final Pattern MARKUP = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9-]*(?:[\\s/][^<>]*)?>|<!--|<!doctype",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Stands for a {@code <br>} in a block until spaces are collapsed; {@code \\s} does not match it. */
    private static final char LINE_BREAK = '\u2028';
    private static final Pattern SPACED_LINE_BREAK = Pattern.compile(" ?" + LINE_BREAK + "[ " + LINE_BREAK + "]*");
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[ \\n]+");

    private final List<Evaluator> removals;
    private final double maxLinkDensity;
    private final int minBlockWords;
    private final boolean onlyIfMarkup;

    CleanHtmlStage(List<String> removeSelectors, double maxLinkDensity, int minBlockWords, boolean onlyIfMarkup) {
        this.removals = removeSelectors.stream().map(CleanHtmlStage::parseSelector).toList();
        this.maxLinkDensity = maxLinkDensity;
        this.minBlockWords = minBlockWords;
        this.onlyIfMarkup = onlyIfMarkup;
    }

    public static CleanHtmlStage fromConfig(Config config) {
        return StageConfig.read(NAME, config, c -> new CleanHtmlStage(c.getStringList("remove-selectors"),
                StageConfig.fraction(NAME, c, "max-link-density"), c.getInt("min-block-words"),
                c.getBoolean("only-if-markup")));
    }

    private static Evaluator parseSelector(String selector) {
        try {
            return QueryParser.parse(selector);
        } catch (Selector.SelectorParseException e) {
            throw new BasaltException("data.stages: clean-html.remove-selectors has \"" + selector
                    + "\", which is not a CSS selector: " + e.getMessage());
        }
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public StageResult apply(Document document) {
        if (onlyIfMarkup && !MARKUP.matcher(document.text()).find()) {
            return StageResult.keep(document);
        }
        String text = toText(document.text());
        return text.isBlank() ? StageResult.remove("no-text") : StageResult.keep(document.withText(text));
    }

    /** The page's main text, one block per paragraph. */
    public String toText(String html) {
        org.jsoup.nodes.Document page = Jsoup.parse(html);
        for (Evaluator removal : removals) {
            page.select(removal).remove();
        }
        BlockCollector collector = new BlockCollector();
        page.traverse(collector);
        collector.flush(false);
        return collector.out.toString().strip();
    }

    private final class BlockCollector implements NodeVisitor {
        final StringBuilder out = new StringBuilder();
        private final StringBuilder block = new StringBuilder();
        private int linkChars;
        private int linkDepth;
        private boolean heading;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                String value = text.getWholeText();
                block.append(value);
                if (linkDepth > 0) {
                    linkChars += value.strip().length();
                }
            } else if (node instanceof Element element) {
                String tag = element.normalName();
                if (BLOCKS.contains(tag)) {
                    flush(heading);
                    heading = HEADINGS.contains(tag);
                } else if (tag.equals("br")) {
                    block.append(LINE_BREAK);
                } else if (tag.equals("a")) {
                    linkDepth++;
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (BLOCKS.contains(tag)) {
                    flush(heading);
                    heading = false;
                } else if (tag.equals("a")) {
                    linkDepth--;
                }
            }
        }

        void flush(boolean isHeading) {
            String spaced = SPACES.matcher(block).replaceAll(" ");
            String text = SPACED_LINE_BREAK.matcher(spaced).replaceAll("\n").strip();
            int chars = text.length();
            if (!text.isEmpty()) {
                int words = WORD_SEPARATORS.split(text).length;
                boolean linky = chars > 0 && (double) linkChars / chars > maxLinkDensity;
                if (!linky && (isHeading || words >= minBlockWords)) {
                    out.append(text).append("\n\n");
                }
            }
            block.setLength(0);
            linkChars = 0;
        }
    }
}
