package dev.basalt.api.classify;

import dev.basalt.api.BasaltException;

import java.util.List;
import java.util.TreeSet;

/** The labels a classifier predicts, taken from its training data and numbered in sorted order. */
public final class LabelSet {

    private final List<String> labels;

    private LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    /**
     * Every distinct label of {@code examples}, which must all be labelled and hold at least two labels; numbered in
     * numeric order when every label is a number, else in text order.
     */
    public static LabelSet of(List<LabelledText> examples) {
        TreeSet<String> distinct = new TreeSet<>(LabelSet::compare);
        for (LabelledText example : examples) {
            if (example.label() == null) {
                throw new BasaltException(example.origin() + ": this training text has no label");
            }
            distinct.add(example.label());
        }
        if (distinct.size() < 2) {
            String where = examples.isEmpty() ? "the labelled data"
                    : examples.getFirst().origin().replaceFirst(":\\d+$", "");
            throw new BasaltException(where + " holds " + distinct.size() + " distinct label(s) " + distinct
                    + "; a classifier needs at least two");
        }
        return new LabelSet(List.copyOf(distinct));
    }

    /** The labels of a trained classifier, in its order (as {@link #labels()} gave them). */
    public static LabelSet named(List<String> labels) {
        if (labels.size() < 2 || new TreeSet<>(labels).size() != labels.size()) {
            throw new BasaltException("a classifier has at least two distinct labels; got " + labels);
        }
        return new LabelSet(labels);
    }

    private static int compare(String a, String b) {
        Double x = number(a);
        Double y = number(b);
        return x != null && y != null && !x.equals(y) ? Double.compare(x, y) : a.compareTo(b);
    }

    private static Double number(String label) {
        try {
            return Double.valueOf(label);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public int size() {
        return labels.size();
    }

    public String label(int index) {
        return labels.get(index);
    }

    /** The index of {@code example}'s label; a label the training data never had is one clear error. */
    public int index(LabelledText example) {
        int at = labels.indexOf(example.label());
        if (at < 0) {
            throw new BasaltException(example.origin() + ": label '" + example.label() + "' is not one the classifier"
                    + " was trained on; known labels are " + labels);
        }
        return at;
    }

    public List<String> labels() {
        return labels;
    }
}
