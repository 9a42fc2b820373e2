package dev.basalt.data.cluster;

import dev.basalt.api.BasaltException;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * K-means topic clusters over hashed TF-IDF vectors ({@link HashedTfIdf}), fitted with Commons Math's
 * {@link KMeansPlusPlusClusterer} (k-means++ seeding, then Lloyd iterations, Euclidean distance) seeded with
 * {@code seed}, so a fit is reproducible. Vectors have unit length, so nearest by Euclidean distance is nearest by
 * cosine. Clusters are numbered by their size in the fit sample, largest first.
 *
 * <p>K-means is a local search: one k-means++ seeding can end with two groups in one cluster and a few outliers in
 * another (on three corpora of which two are English, about one seed in five), so
 * {@link MultiKMeansPlusPlusClusterer} runs {@code trials} seedings in turn from the same generator and keeps the one
 * with the smallest k-means objective ({@link WithinClusterSquares}).
 *
 * <p>After the fit the model is immutable and {@link #assign} may be called from many threads.
 */
public final class TopicModel {

    private final HashedTfIdf features;
    private final double[] idf;
    private final double[][] centroids;
    private final double[] squaredNorms;
    private final int[] fitSizes;
    private final List<List<String>> topTerms;
    private final int fitted;

    private TopicModel(HashedTfIdf features, double[] idf, double[][] centroids, int[] fitSizes,
                       List<List<String>> topTerms, int fitted) {
        this.features = features;
        this.idf = idf;
        this.centroids = centroids;
        this.fitSizes = fitSizes;
        this.topTerms = topTerms;
        this.fitted = fitted;
        this.squaredNorms = new double[centroids.length];
        for (int c = 0; c < centroids.length; c++) {
            for (double v : centroids[c]) {
                squaredNorms[c] += v * v;
            }
        }
    }

    /** Fits {@code settings.k()} clusters on the sample. */
    public static TopicModel fit(TopicSample sample, ClusterSettings settings) {
        List<HashedTfIdf.Counts> documents = sample.documents();
        int k = settings.k();
        if (documents.size() < k) {
            throw new BasaltException("data.clusters: only " + documents.size() + " documents reach the fit, too few for k = "
                    + k + " clusters; lower data.clusters.k.");
        }
        HashedTfIdf features = sample.features();
        int[] df = new int[features.features()];
        documents.forEach(counts -> {
            for (int column : counts.columns()) {
                df[column]++;
            }
        });
        double[] idf = new double[df.length];
        for (int b = 0; b < df.length; b++) {
            idf[b] = HashedTfIdf.idf(documents.size(), df[b]);
        }
        List<DoublePoint> points = new ArrayList<>(documents.size());
        for (HashedTfIdf.Counts counts : documents) {
            points.add(new DoublePoint(HashedTfIdf.weigh(counts, idf).dense(features.features())));
        }
        var clusterer = new KMeansPlusPlusClusterer<DoublePoint>(k, settings.maxIterations(), new EuclideanDistance(),
                new Well19937c(settings.seed()));
        List<CentroidCluster<DoublePoint>> found = new MultiKMeansPlusPlusClusterer<>(clusterer, settings.trials(),
                new WithinClusterSquares()).cluster(points);
        List<Integer> order = new ArrayList<>(IntStream.range(0, found.size()).boxed().toList());
        order.sort(Comparator.comparingInt((Integer c) -> -found.get(c).getPoints().size()).thenComparing(c -> c));
        double[][] centroids = new double[found.size()][];
        int[] sizes = new int[found.size()];
        for (int c = 0; c < found.size(); c++) {
            CentroidCluster<DoublePoint> cluster = found.get(order.get(c));
            centroids[c] = cluster.getCenter().getPoint().clone();
            sizes[c] = cluster.getPoints().size();
        }
        String[] names = sample.columnNames();
        List<List<String>> terms = new ArrayList<>();
        for (int c = 0; c < centroids.length; c++) {
            terms.add(topTerms(centroids, c, names, settings.topTerms()));
        }
        return new TopicModel(features, idf, centroids, sizes, terms, documents.size());
    }

    /**
     * Columns by how far the cluster's centroid exceeds the largest other centroid there: what sets the cluster
     * apart, rather than words that are common in several clusters.
     */
    private static List<String> topTerms(double[][] centroids, int cluster, String[] names, int count) {
        double[] margin = new double[centroids[cluster].length];
        for (int b = 0; b < margin.length; b++) {
            double others = 0;
            for (int c = 0; c < centroids.length; c++) {
                if (c != cluster) {
                    others = Math.max(others, centroids[c][b]);
                }
            }
            margin[b] = centroids[cluster][b] - others;
        }
        return IntStream.range(0, margin.length)
                .filter(b -> margin[b] > 0 && names[b] != null)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer b) -> -margin[b]).thenComparing(b -> b))
                .limit(count)
                .map(b -> names[b])
                .toList();
    }

    /** The cluster whose centroid is nearest to the text's vector (ties: the lower number). */
    public int assign(String text) {
        return nearest(vector(text));
    }

    /** The text's unit TF-IDF vector under the fitted document frequencies. */
    public HashedTfIdf.Vector vector(String text) {
        return HashedTfIdf.weigh(features.counts(HashedTfIdf.terms(text)), idf);
    }

    /** |x - c|^2 = |x|^2 - 2 x.c + |c|^2, and |x|^2 is the same for every c. */
    int nearest(HashedTfIdf.Vector x) {
        int best = 0;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double dot = 0;
            for (int i = 0; i < x.columns().length; i++) {
                dot += x.values()[i] * centroids[c][x.columns()[i]];
            }
            double score = squaredNorms[c] - 2 * dot;
            if (score < bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    public int clusters() {
        return centroids.length;
    }

    /** Sampled documents in the cluster at the end of the fit. */
    public int fitSize(int cluster) {
        return fitSizes[cluster];
    }

    /** Documents the model was fitted on. */
    public int fitted() {
        return fitted;
    }

    /** The terms of the columns in which the cluster's centroid most exceeds every other centroid. */
    public List<String> topTerms(int cluster) {
        return topTerms.get(cluster);
    }

    /** A copy of a centroid. */
    public double[] centroid(int cluster) {
        return centroids[cluster].clone();
    }
}
