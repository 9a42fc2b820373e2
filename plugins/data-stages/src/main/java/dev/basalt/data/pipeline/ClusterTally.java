package dev.basalt.data.pipeline;

import dev.basalt.data.cluster.ClusterSettings;
import dev.basalt.data.cluster.TopicModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topic clusters of a run and what was written of each; updated by the pipeline's writing thread only. */
final class ClusterTally {

    final TopicModel model;
    private final ClusterSettings settings;
    private final long[] documents;
    private final long[] trainDocuments;
    private final long[] trainTokens;
    private final long[] validationDocuments;

    ClusterTally(TopicModel model, ClusterSettings settings) {
        this.model = model;
        this.settings = settings;
        int k = model.clusters();
        documents = new long[k];
        trainDocuments = new long[k];
        trainTokens = new long[k];
        validationDocuments = new long[k];
    }

    void assigned(int cluster, boolean heldOut) {
        documents[cluster]++;
        if (heldOut) {
            validationDocuments[cluster]++;
        }
    }

    void trainCopy(int cluster, long tokens) {
        trainDocuments[cluster]++;
        trainTokens[cluster] += tokens;
    }

    double weight(int cluster) {
        return settings.weight(cluster);
    }

    Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("k", model.clusters());
        report.put("features", settings.features());
        report.put("fit-documents", model.fitted());
        report.put("max-iterations", settings.maxIterations());
        report.put("seed", settings.seed());
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (int c = 0; c < model.clusters(); c++) {
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("cluster", c);
            cluster.put("weight", settings.weight(c));
            cluster.put("fit-documents", model.fitSize(c));
            cluster.put("documents", documents[c]);
            cluster.put("validation-documents", validationDocuments[c]);
            cluster.put("train-documents-written", trainDocuments[c]);
            cluster.put("train-tokens-written", trainTokens[c]);
            cluster.put("top-terms", model.topTerms(c));
            clusters.add(cluster);
        }
        report.put("clusters", clusters);
        return report;
    }

    String summary() {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < model.clusters(); c++) {
            out.append(String.format("[data]   cluster %-3d %,10d documents, weight %s, train %,d written  %s%n", c,
                    documents[c], settings.weight(c), trainDocuments[c], String.join(" ", model.topTerms(c))));
        }
        return out.toString();
    }
}
