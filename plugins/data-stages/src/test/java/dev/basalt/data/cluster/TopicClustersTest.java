package dev.basalt.data.cluster;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.data.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicClustersTest {

    /** Documents with their known group. */
    record Labelled(List<String> texts, List<Integer> labels, int groups) {
        static Labelled of(List<List<String>> groups) {
            List<String> texts = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                texts.addAll(groups.get(g));
                labels.addAll(Collections.nCopies(groups.get(g).size(), g));
            }
            return new Labelled(texts, labels, groups.size());
        }
    }

    static ClusterSettings settings(int k, int features, long seed) {
        return new ClusterSettings(true, k, features, 100, 4, seed, 100_000, 10, List.of());
    }

    static TopicModel fit(List<String> texts, ClusterSettings settings) {
        TopicSample sample = new TopicSample(settings.fitDocuments(), settings.seed(), new HashedTfIdf(settings.features()));
        for (int i = 0; i < texts.size(); i++) {
            sample.offer("doc-" + i, texts.get(i));
        }
        return TopicModel.fit(sample, settings);
    }

    /** Share of documents in their cluster's most common group: sum over clusters of the largest group count, / n. */
    static double purity(TopicModel model, Labelled data) {
        int[][] counts = new int[model.clusters()][data.groups()];
        for (int i = 0; i < data.texts().size(); i++) {
            counts[model.assign(data.texts().get(i))][data.labels().get(i)]++;
        }
        int majority = 0;
        for (int[] row : counts) {
            majority += java.util.Arrays.stream(row).max().orElse(0);
        }
        return majority / (double) data.texts().size();
    }

    // ---- the TF-IDF hashing against its closed form

    @Test
    void termsAreNormalisedWordsAndSingleIdeographs() {
        assertEquals(List.of("apple", "apple", "banana", "春", "風", "spring"),
                HashedTfIdf.terms("Apple, APPLE!\nbanana.  春風 spring"));
    }

    @Test
    void vectorsMatchTheClosedFormOnATinyCorpus() {
        List<String> corpus = List.of("apple apple banana cherry", "banana cherry", "apple cherry cherry cherry date",
                "date banana");
        int features = 1 << 16;
        HashedTfIdf hashing = new HashedTfIdf(features);
        Set<Integer> columns = new HashSet<>();
        for (String term : List.of("apple", "banana", "cherry", "date", "zebra")) {
            columns.add(hashing.bucket(term));
        }
        assertEquals(5, columns.size(), "the five terms need five columns for the closed form below");
        TopicModel model = fit(corpus, settings(1, features, 7));

        // n = 4 documents; df: apple 2, banana 3, cherry 3, date 2; idf = ln((1 + n) / (1 + df)) + 1
        double idf2 = Math.log(5.0 / 3) + 1;
        double idf3 = Math.log(5.0 / 4) + 1;
        // document 0: tf apple 2, banana 1, cherry 1; weight (1 + ln tf) * idf, then unit length
        double[] d0 = {(1 + Math.log(2)) * idf2, idf3, idf3};
        assertUnit(model, corpus.get(0), Map.of("apple", d0[0], "banana", d0[1], "cherry", d0[2]));
        // document 2: apple 1, cherry 3, date 1
        assertUnit(model, corpus.get(2), Map.of("apple", idf2, "cherry", (1 + Math.log(3)) * idf3, "date", idf2));
        // an unseen word (df 0 < 2) weighs nothing; so would a word of a single document
        assertUnit(model, "zebra banana banana", Map.of("banana", (1 + Math.log(2)) * idf3));
    }

    private static void assertUnit(TopicModel model, String text, Map<String, Double> raw) {
        double norm = Math.sqrt(raw.values().stream().mapToDouble(v -> v * v).sum());
        HashedTfIdf hashing = new HashedTfIdf(1 << 16);
        double[] vector = model.vector(text).dense(1 << 16);
        double[] expected = new double[1 << 16];
        raw.forEach((term, value) -> expected[hashing.bucket(term)] = value / norm);
        // a few float roundings of terms near 1
        assertArrayEquals(expected, vector, 1e-12, text);
    }

    @Test
    void collidingTermsAddTheirCountsInOneColumn() {
        HashedTfIdf hashing = new HashedTfIdf(8);
        String first = "w0";
        String partner = null;
        for (int i = 1; partner == null; i++) {
            if (hashing.bucket("w" + i) == hashing.bucket(first)) {
                partner = "w" + i;
            }
        }
        HashedTfIdf.Counts counts = hashing.counts(List.of(first, partner, first, "w0"));
        assertArrayEquals(new int[] {hashing.bucket(first)}, counts.columns());
        assertArrayEquals(new int[] {4}, counts.counts());
        // the sublinear weight of the summed count, alone in its vector, has unit length
        double[] idf = new double[8];
        java.util.Arrays.fill(idf, 2.5);
        assertArrayEquals(new double[] {1.0}, HashedTfIdf.weigh(counts, idf).values(), 1e-15);
    }

    // ---- recovering known groups of real text

    @Test
    void threeUnrelatedCorporaFallIntoThreeClusters() {
        Labelled data = Labelled.of(List.of(SharedData.englishEuroparl(300),
                SharedData.shakespeareSpeeches().stream().filter(s -> s.length() > 200).limit(300).toList(),
                SharedData.songCi(300)));
        // Modern parliamentary English, Early Modern English drama and classical Chinese: a fit that finds them
        // leaves at most 1 document in 100 with another group. One k-means++ run can stop where the two English
        // groups share a cluster and a few outliers hold the third (purity 2/3), about 1 run in 5 on these data;
        // the fit keeps the best of 4 runs by the k-means objective, so a seed fails only if all 4 do, about
        // 0.2^4 = 0.0016. Two or more failing seeds of 10 would then have a chance near 1e-4; the test allows one.
        int found = 0;
        StringBuilder purities = new StringBuilder();
        for (long seed = 1; seed <= 10; seed++) {
            double purity = purity(fit(data.texts(), settings(3, 4096, seed)), data);
            purities.append(String.format(" %.3f", purity));
            if (purity >= 0.99) {
                found++;
            }
        }
        assertTrue(found >= 9, "seeds with purity >= 0.99: " + found + " of 10;" + purities);
    }

    @Test
    void brownGenresAreRecovered() {
        List<String> government = SharedData.brownFilesOf("government").stream().limit(29).map(SharedData::brownText).toList();
        List<String> romance = SharedData.brownFilesOf("romance").stream().limit(29).map(SharedData::brownText).toList();
        Labelled two = Labelled.of(List.of(government, romance));
        // Chance: a split that ignores the text puts each of the 58 documents in a cluster like a coin flip, so
        // the majority share of a cluster is 0.5 + O(1/sqrt(58)); its standard deviation is 0.5 / sqrt(58) = 0.066
        // and 0.5 + 5 sd = 0.83. Every seed must beat that, i.e. find the genres, not an accident.
        for (long seed = 1; seed <= 10; seed++) {
            double purity = purity(fit(two.texts(), settings(2, 4096, seed)), two);
            assertTrue(purity >= 0.83, "government vs romance, seed " + seed + ": purity " + purity);
        }
        List<String> news = SharedData.brownFilesOf("news").stream().limit(17).map(SharedData::brownText).toList();
        List<String> learned = SharedData.brownFilesOf("learned").stream().limit(17).map(SharedData::brownText).toList();
        Labelled three = Labelled.of(List.of(news, romance.subList(0, 17), learned));
        // Three genres of 17: chance purity is 1/3 + O(1/sqrt(51)) with sd sqrt((1/3)(2/3)/51) = 0.066, and
        // 1/3 + 5 sd = 0.66. One k-means run can stop in a poor local optimum on 51 long documents, so the bound
        // is on the mean of ten seeds, whose chance level is the same 1/3 with a tenth of the variance.
        double sum = 0;
        for (long seed = 1; seed <= 10; seed++) {
            sum += purity(fit(three.texts(), settings(3, 4096, seed)), three);
        }
        assertTrue(sum / 10 >= 0.66, "news, romance, learned: mean purity " + sum / 10);
    }

    // ---- reproducibility

    @Test
    void theSameSeedGivesTheSameClustersWhateverTheOrder() {
        List<String> texts = new ArrayList<>(SharedData.englishEuroparl(200));
        texts.addAll(SharedData.shakespeareSpeeches().subList(0, 200));
        ClusterSettings settings = new ClusterSettings(true, 4, 1024, 100, 4, 5, 300, 10, List.of());
        TopicModel first = fitShuffled(texts, settings, 1);
        TopicModel second = fitShuffled(texts, settings, 2);
        assertEquals(300, first.fitted(), "a sample of fit-documents out of 400");
        for (int c = 0; c < first.clusters(); c++) {
            assertArrayEquals(first.centroid(c), second.centroid(c), "centroid " + c);
            assertEquals(first.topTerms(c), second.topTerms(c));
        }
        for (String text : texts) {
            assertEquals(first.assign(text), second.assign(text));
        }
        TopicModel otherSeed = fitShuffled(texts, new ClusterSettings(true, 4, 1024, 100, 4, 6, 300, 10, List.of()), 1);
        assertNotEquals(java.util.Arrays.toString(first.centroid(0)), java.util.Arrays.toString(otherSeed.centroid(0)),
                "another seed draws another sample and other k-means++ starts");
    }

    /** Offers the documents in a shuffled order, with ids that stay with their text. */
    private static TopicModel fitShuffled(List<String> texts, ClusterSettings settings, long shuffleSeed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(shuffleSeed));
        TopicSample sample = new TopicSample(settings.fitDocuments(), settings.seed(), new HashedTfIdf(settings.features()));
        for (int i : order) {
            sample.offer("doc-" + i, texts.get(i));
        }
        return TopicModel.fit(sample, settings);
    }

    // ---- configuration

    @Test
    void badSettingsGetOneClearMessage() {
        assertEquals("data.clusters.k = 0 must be at least 1.", error(Map.of("enabled", true, "k", 0)));
        String unknown = error(Map.of("kk", 3));
        assertTrue(unknown.startsWith("data.clusters has no setting \"kk\"; its settings are [") && unknown.contains("k,"),
                unknown);
        assertTrue(error(Map.of("k", 3, "weights", List.of(1.0, 2.0))).contains("weights has 2 entries but k = 3"));
        assertTrue(error(Map.of("k", 2, "weights", List.of(1.0, -2.0))).contains("weights[1] = -2.0 must be a finite"));
        assertTrue(error(Map.of("k", 5, "fit-documents", 4)).contains("fit-documents = 4 must be at least k = 5"));
        assertEquals("data.clusters.trials = 0 must be at least 1.", error(Map.of("trials", 0)));
        assertTrue(error(Map.of("k", "many")).startsWith("data.clusters: "));
        BasaltException few = assertThrows(BasaltException.class, () -> fit(List.of("one text", "two texts"),
                settings(3, 64, 1)));
        assertTrue(few.getMessage().contains("only 2 documents reach the fit, too few for k = 3"), few.getMessage());
    }

    @Test
    void defaultsAreOffAndWeighOne() {
        ClusterSettings defaults = ClusterSettings.fromConfig(ConfigFactory.empty());
        assertFalse(defaults.enabled());
        assertEquals(1.0, defaults.weight(0));
        ClusterSettings weighted = ClusterSettings.fromConfig(ConfigValueFactory.fromMap(
                Map.of("clusters", Map.of("k", 2, "weights", List.of(0.5, 3)))).toConfig());
        assertEquals(3.0, weighted.weight(1));
    }

    private static String error(Map<String, Object> clusters) {
        return assertThrows(BasaltException.class, () -> ClusterSettings.fromConfig(
                ConfigValueFactory.fromMap(Map.of("clusters", clusters)).toConfig())).getMessage();
    }
}
