package dev.basalt.data.cluster;

import dev.basalt.data.stage.Hashing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The documents a topic model is fitted on: a bottom-k sample, the {@code capacity} documents whose ids have the
 * smallest seeded hashes. It is the same set whatever order the documents come in, so it is reproducible and
 * draws evenly from every source. Memory is bounded by the capacity: each sampled document keeps its column
 * counts and its distinct terms, and the terms of documents that leave the sample are forgotten.
 */
public final class TopicSample {

    private static final Comparator<Sampled> BY_HASH = Comparator.<Sampled, Long>comparing(Sampled::hash,
            Long::compareUnsigned).thenComparing(Sampled::id);

    private final int capacity;
    private final long seed;
    private final HashedTfIdf features;
    private final PriorityQueue<Sampled> largestFirst = new PriorityQueue<>(BY_HASH.reversed());
    private final Map<String, Term> vocabulary = new HashMap<>();

    public TopicSample(int capacity, long seed, HashedTfIdf features) {
        this.capacity = capacity;
        this.seed = seed;
        this.features = features;
    }

    /** Whether a document with this id would enter the sample now; a cheap test before cleaning it. */
    public boolean wants(String id) {
        return largestFirst.size() < capacity
                || BY_HASH.compare(new Sampled(hash(id), id, null, null), largestFirst.peek()) < 0;
    }

    /** Offers a document (its text as the stages leave it); it enters if {@link #wants} its id. */
    public void offer(String id, String text) {
        if (!wants(id)) {
            return;
        }
        List<String> terms = HashedTfIdf.terms(text);
        Map<String, Integer> distinct = new LinkedHashMap<>();
        terms.forEach(term -> distinct.merge(term, 1, Integer::sum));
        Term[] known = new Term[distinct.size()];
        int i = 0;
        for (String term : distinct.keySet()) {
            Term entry = vocabulary.computeIfAbsent(term, t -> new Term(t, features.bucket(t)));
            entry.documents++;
            known[i++] = entry;
        }
        largestFirst.add(new Sampled(hash(id), id, features.counts(terms), known));
        if (largestFirst.size() > capacity) {
            forget(largestFirst.poll());
        }
    }

    private void forget(Sampled leaving) {
        for (Term term : leaving.terms()) {
            if (--term.documents == 0) {
                vocabulary.remove(term.text);
            }
        }
    }

    private long hash(String id) {
        return Hashing.hash64(id, seed ^ 0x3c6ef372fe94f82bL);
    }

    /** The sampled documents' column counts, in hash order (so the fit does not depend on arrival order). */
    public List<HashedTfIdf.Counts> documents() {
        List<Sampled> sorted = new ArrayList<>(largestFirst);
        sorted.sort(BY_HASH);
        return sorted.stream().map(Sampled::counts).toList();
    }

    public int size() {
        return largestFirst.size();
    }

    public HashedTfIdf features() {
        return features;
    }

    /**
     * For each column, the term of the sample found there in the most documents (ties: the smallest), or null:
     * what a column stands for in reports.
     */
    public String[] columnNames() {
        String[] names = new String[features.features()];
        int[] best = new int[features.features()];
        for (Term term : vocabulary.values()) {
            int b = term.bucket;
            if (term.documents > best[b] || term.documents == best[b] && term.text.compareTo(names[b]) < 0) {
                best[b] = term.documents;
                names[b] = term.text;
            }
        }
        return names;
    }

    private record Sampled(long hash, String id, HashedTfIdf.Counts counts, Term[] terms) {
    }

    /** A distinct term of the sample and the number of sampled documents that contain it. */
    private static final class Term {
        final String text;
        final int bucket;
        int documents;

        Term(String text, int bucket) {
            this.text = text;
            this.bucket = bucket;
        }
    }
}
