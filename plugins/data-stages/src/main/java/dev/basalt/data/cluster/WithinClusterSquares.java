package dev.basalt.data.cluster;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Cluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.evaluation.ClusterEvaluator;
import org.apache.commons.math3.ml.distance.EuclideanDistance;

import java.util.List;

/**
 * The k-means objective: the sum over all points of the squared distance to their cluster's centroid (lower is
 * better). Commons Math's default evaluator sums the clusters' variances unweighted by size, which rates a split
 * that gives a few outliers a cluster of their own as well as one that separates two large groups.
 */
final class WithinClusterSquares extends ClusterEvaluator<DoublePoint> {

    WithinClusterSquares() {
        super(new EuclideanDistance());
    }

    @Override
    public double score(List<? extends Cluster<DoublePoint>> clusters) {
        double sum = 0;
        for (Cluster<DoublePoint> cluster : clusters) {
            double[] center = cluster instanceof CentroidCluster<DoublePoint> centroid
                    ? centroid.getCenter().getPoint() : centroidOf(cluster).getPoint();
            for (DoublePoint point : cluster.getPoints()) {
                double[] p = point.getPoint();
                for (int i = 0; i < p.length; i++) {
                    double d = p[i] - center[i];
                    sum += d * d;
                }
            }
        }
        return sum;
    }
}
