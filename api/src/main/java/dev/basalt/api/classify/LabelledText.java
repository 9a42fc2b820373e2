package dev.basalt.api.classify;

/**
 * One text and its label, as read from a labelled file.
 *
 * @param text   the text to classify
 * @param label  its label as written in the file; null for unlabelled text
 * @param origin {@code file:line} it came from, for messages
 */
public record LabelledText(String text, String label, String origin) {

    /** An unlabelled text. */
    public static LabelledText unlabelled(String text, String origin) {
        return new LabelledText(text, null, origin);
    }

    public LabelledText withLabel(String newLabel) {
        return new LabelledText(text, newLabel, origin);
    }
}
