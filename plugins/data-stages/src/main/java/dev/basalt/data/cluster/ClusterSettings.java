package dev.basalt.data.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;

import java.util.List;

/**
 * The {@code data.clusters} block: optional K-means topic clusters of the documents, for the manifest and for
 * mixture weights (defaults and meaning of each key in {@code basalt.data-engine.local.clusters}).
 *
 * @param enabled       whether documents are clustered at all
 * @param k             the number of clusters
 * @param features      hashed TF-IDF columns
 * @param maxIterations Lloyd iterations at most
 * @param trials        k-means++ runs, of which the one with the smallest within-cluster sum of squares is kept
 * @param seed          seed of the fit sample and of K-means++
 * @param fitDocuments  documents the clusters are fitted on at most
 * @param topTerms      terms listed per cluster in the manifest
 * @param weights       training-mixture weight per cluster; empty means 1 for every cluster
 */
public record ClusterSettings(boolean enabled, int k, int features, int maxIterations, int trials, long seed,
                              int fitDocuments,
                              int topTerms, List<Double> weights) {

    static final String DEFAULTS_PATH = "basalt.data-engine.local.clusters";

    public ClusterSettings {
        weights = List.copyOf(weights);
    }

    /** The settings of a {@code data} block's {@code clusters} block, over the defaults. */
    public static ClusterSettings fromConfig(Config data) {
        Config defaults = ConfigFactory.defaultReference(ClusterSettings.class.getClassLoader()).getConfig(DEFAULTS_PATH);
        Config user;
        try {
            user = data.hasPath("clusters") ? data.getConfig("clusters") : ConfigFactory.empty();
        } catch (ConfigException e) {
            throw new BasaltException("data.clusters must be a block { enabled = true, k = 8, ... }: " + e.getMessage(), e);
        }
        for (String key : user.root().keySet()) {
            if (!defaults.hasPath(key)) {
                throw new BasaltException("data.clusters has no setting \"" + key + "\"; its settings are "
                        + defaults.root().keySet() + ".");
            }
        }
        Config config = user.withFallback(defaults);
        try {
            int k = atLeast(config, "k", 1);
            List<Double> weights = config.getDoubleList("weights");
            if (!weights.isEmpty() && weights.size() != k) {
                throw new BasaltException("data.clusters.weights has " + weights.size() + " entries but k = " + k
                        + "; give one weight per cluster (numbered as in the manifest), or [] for all 1.");
            }
            for (int i = 0; i < weights.size(); i++) {
                double weight = weights.get(i);
                if (!(weight >= 0) || Double.isInfinite(weight)) {
                    throw new BasaltException("data.clusters.weights[" + i + "] = " + weight
                            + " must be a finite number >= 0.");
                }
            }
            int features = atLeast(config, "features", 1);
            int fitDocuments = atLeast(config, "fit-documents", 1);
            if (fitDocuments < k) {
                throw new BasaltException("data.clusters.fit-documents = " + fitDocuments + " must be at least k = " + k + ".");
            }
            return new ClusterSettings(config.getBoolean("enabled"), k, features, atLeast(config, "max-iterations", 1),
                    atLeast(config, "trials", 1), config.getLong("seed"), fitDocuments, atLeast(config, "top-terms", 0), weights);
        } catch (ConfigException e) {
            throw new BasaltException("data.clusters: " + e.getMessage(), e);
        }
    }

    private static int atLeast(Config config, String key, int minimum) {
        int value = config.getInt(key);
        if (value < minimum) {
            throw new BasaltException("data.clusters." + key + " = " + value + " must be at least " + minimum + ".");
        }
        return value;
    }

    /** The mixture weight of a cluster. */
    public double weight(int cluster) {
        return weights.isEmpty() ? 1.0 : weights.get(cluster);
    }
}
