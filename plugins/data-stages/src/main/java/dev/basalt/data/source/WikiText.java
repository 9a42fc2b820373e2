package dev.basalt.data.source;

import org.jsoup.parser.Parser;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns MediaWiki markup into plain text: templates, tables, references, comments, files and categories are
 * removed; links keep their label; bold, italics and heading markers are dropped.
 */
public final class WikiText {

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern REF_PAIR = Pattern.compile("<ref\\b[^>/]*>.*?</ref\\s*>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern REF_EMPTY = Pattern.compile("<ref\\b[^>]*/>", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROPPED_TAGS = Pattern.compile(
            "<(gallery|math|syntaxhighlight|source|timeline|score|imagemap)\\b[^>]*>.*?</\\1\\s*>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern EXTERNAL_LINK_LABELLED = Pattern.compile("\\[(?:https?|ftp)://\\S+\\s+([^\\]]*)]");
    private static final Pattern EXTERNAL_LINK_BARE = Pattern.compile("\\[(?:https?|ftp)://[^\\]\\s]*]");
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
    private static final Pattern EMPHASIS = Pattern.compile("'{2,5}");
    private static final Pattern HEADING = Pattern.compile("(?m)^(=+)\\s*(.*?)\\s*\\1\\s*$");
    private static final Pattern LIST_MARKER = Pattern.compile("(?m)^[*#:;]+\\s*");
    private static final Pattern MAGIC_WORD = Pattern.compile("__[A-Z]+__");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Pattern TRAILING_SPACE = Pattern.compile("(?m)[ \\t]+$");

    private WikiText() {
    }

    /** The readable text of one page of wikitext. */
    public static String toPlainText(String wikitext) {
        String text = COMMENT.matcher(wikitext).replaceAll("");
        text = REF_PAIR.matcher(text).replaceAll("");
        text = REF_EMPTY.matcher(text).replaceAll("");
        text = DROPPED_TAGS.matcher(text).replaceAll("");
        text = removeNested(text, "{{", "}}");
        text = removeNested(text, "{|", "|}");
        text = internalLinks(text);
        text = EXTERNAL_LINK_LABELLED.matcher(text).replaceAll("$1");
        text = EXTERNAL_LINK_BARE.matcher(text).replaceAll("");
        text = HTML_TAG.matcher(text).replaceAll("");
        text = EMPHASIS.matcher(text).replaceAll("");
        text = HEADING.matcher(text).replaceAll("$2");
        text = LIST_MARKER.matcher(text).replaceAll("");
        text = MAGIC_WORD.matcher(text).replaceAll("");
        text = Parser.unescapeEntities(text, false).replace('\u00A0', ' ');
        text = TRAILING_SPACE.matcher(text).replaceAll("");
        return BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
    }

    /** Removes balanced, possibly nested spans from {@code open} to {@code close}. */
    static String removeNested(String text, String open, String close) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(open, i)) {
                depth++;
                i += open.length();
            } else if (depth > 0 && text.startsWith(close, i)) {
                depth--;
                i += close.length();
            } else {
                if (depth == 0) {
                    out.append(text.charAt(i));
                }
                i++;
            }
        }
        return out.toString();
    }

    /** [[target|label]] becomes label, [[target]] target; file, image and category links vanish with their captions. */
    static String internalLinks(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("[[", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = matchingClose(text, start);
            if (end < 0) {
                out.append(text, start, text.length());
                break;
            }
            String inner = text.substring(start + 2, end);
            out.append(linkText(inner));
            i = end + 2;
        }
        return out.toString();
    }

    private static int matchingClose(String text, int start) {
        int depth = 0;
        for (int i = start; i < text.length() - 1; i++) {
            if (text.startsWith("[[", i)) {
                depth++;
                i++;
            } else if (text.startsWith("]]", i)) {
                depth--;
                if (depth == 0) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    private static String linkText(String inner) {
        int colon = inner.indexOf(':');
        if (colon > 0) {
            String prefix = inner.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (prefix.equals("file") || prefix.equals("image") || prefix.equals("category") || prefix.equals("media")) {
                return "";
            }
        }
        int bar = inner.lastIndexOf('|');
        String shown = bar >= 0 ? inner.substring(bar + 1) : inner;
        return internalLinks(shown);
    }
}
