package dev.basalt.data.stage;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Unicode normalisation and character cleanup: a normal form (NFKC by default), control and invisible format
 * characters removed, whitespace collapsed, and on request symbols spelled out by their Unicode names, dates
 * and numbers removed, text lower-cased. A document left empty is removed as {@code empty}.
 */
public final class NormalizeStage implements DataStage {

    static final String NAME = "normalize";

    private static final Pattern SPACES = Pattern.compile("[\\p{Zs}\\t]+");
    private static final Pattern SPACE_AROUND_NEWLINE = Pattern.compile(" *\\n *");
    private static final Pattern MANY_NEWLINES = Pattern.compile("\\n{3,}");
    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
    private static final Pattern DATES = Pattern.compile(
            "\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b"
                    + "|\\b\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}\\b"
                    + "|\\b" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b"
                    + "|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + ",?\\s+\\d{4}\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NUMBERS = Pattern.compile("(?<![\\p{L}\\d])[-+]?\\d+(?:[.,]\\d+)*(?![\\p{L}\\d])");

    private final Normalizer.Form form;
    private final boolean stripControl;
    private final boolean collapseWhitespace;
    private final boolean symbolsToText;
    private final boolean removeDates;
    private final boolean removeNumbers;
    private final boolean lowercase;

    NormalizeStage(Normalizer.Form form, boolean stripControl, boolean collapseWhitespace, boolean symbolsToText,
                   boolean removeDates, boolean removeNumbers, boolean lowercase) {
        this.form = form;
        this.stripControl = stripControl;
        this.collapseWhitespace = collapseWhitespace;
        this.symbolsToText = symbolsToText;
        this.removeDates = removeDates;
        this.removeNumbers = removeNumbers;
        this.lowercase = lowercase;
    }

    public static NormalizeStage fromConfig(Config config) {
        return StageConfig.read(NAME, config, c -> new NormalizeStage(form(c.getString("form")),
                c.getBoolean("strip-control"), c.getBoolean("collapse-whitespace"), c.getBoolean("symbols-to-text"),
                c.getBoolean("remove-dates"), c.getBoolean("remove-numbers"), c.getBoolean("lowercase")));
    }

    private static Normalizer.Form form(String value) {
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Normalizer.Form.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BasaltException("data.stages: normalize.form = \"" + value + "\"; use NFC, NFKC, NFD, NFKD or none.");
        }
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public StageResult apply(Document document) {
        String text = normalize(document.text());
        return text.isBlank() ? StageResult.remove("empty") : StageResult.keep(document.withText(text));
    }

    /** The normalised text. */
    public String normalize(String text) {
        String out = text.replace("\r\n", "\n").replace('\r', '\n');
        if (form != null) {
            out = Normalizer.normalize(out, form);
        }
        if (stripControl || symbolsToText) {
            out = characters(out);
        }
        if (removeDates) {
            out = DATES.matcher(out).replaceAll("");
        }
        if (removeNumbers) {
            out = NUMBERS.matcher(out).replaceAll("");
        }
        if (lowercase) {
            out = out.toLowerCase(Locale.ROOT);
        }
        if (collapseWhitespace) {
            out = SPACES.matcher(out).replaceAll(" ");
            out = SPACE_AROUND_NEWLINE.matcher(out).replaceAll("\n");
            out = MANY_NEWLINES.matcher(out).replaceAll("\n\n").strip();
        }
        return out;
    }

    private String characters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (stripControl && (type == Character.CONTROL && cp != '\n' && cp != '\t'
                    || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE)) {
                continue;
            }
            if (symbolsToText && isEmojiModifier(cp)) {
                continue;
            }
            if (symbolsToText && type == Character.OTHER_SYMBOL) {
                String name = Character.getName(cp);
                if (name != null) {
                    if (!out.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                        out.append(' ');
                    }
                    out.append(':').append(name.toLowerCase(Locale.ROOT)).append(": ");
                    continue;
                }
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /**
     * Marks that only shape the emoji before them, dropped with the emoji spelled out: variation selectors, the
     * zero-width joiner, the enclosing keycap and the five skin-tone modifiers.
     */
    private static boolean isEmojiModifier(int cp) {
        return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || cp == 0x20E3 || cp >= 0x1F3FB && cp <= 0x1F3FF;
    }
}
