package dev.basalt.data.pipeline;

import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import dev.basalt.data.cluster.ClusterSettings;
import dev.basalt.data.cluster.HashedTfIdf;
import dev.basalt.data.cluster.TopicModel;
import dev.basalt.data.cluster.TopicSample;
import dev.basalt.data.source.BadRecord;
import dev.basalt.data.source.RecordVisitor;
import dev.basalt.data.source.SourceReader;
import dev.basalt.data.source.SourceSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The first pass of a run with {@code data.clusters}: reads every source once, draws the fit sample and fits the
 * topic model, before the second pass assigns every document to a cluster.
 *
 * <p>A document of the sample is cleaned by the stages that keep no state between documents
 * ({@link DataStage#threadSafe()}: cleaning, normalisation, filters), in their order, and only when its id would
 * enter the sample, so the pass costs little more than reading. Deduplication and decontamination are not run
 * here (they would remember documents of this pass), so a duplicate can be in the sample; they change no text,
 * so a sampled document that survives them has the same text as in the run.
 */
final class TopicFit {

    private TopicFit() {
    }

    static TopicModel fit(ClusterSettings settings, List<SourceSpec> sources, List<List<Path>> files,
                          List<DataStage> stages, Consumer<String> progress) {
        long started = System.nanoTime();
        progress.accept(String.format("[data] clusters: drawing %,d documents for the k-means fit (a first pass over "
                + "the sources)", settings.fitDocuments()));
        List<DataStage> stateless = stages.stream().filter(DataStage::threadSafe).toList();
        TopicSample sample = new TopicSample(settings.fitDocuments(), settings.seed(), new HashedTfIdf(settings.features()));
        long[] read = {0};
        for (int s = 0; s < sources.size(); s++) {
            SourceReader reader = new SourceReader(sources.get(s), new LongAdder());
            for (Path file : files.get(s)) {
                reader.read(file, new RecordVisitor() {
                    @Override
                    public void document(Document document) {
                        read[0]++;
                        if (sample.wants(document.id())) {
                            Document cleaned = clean(document, stateless);
                            if (cleaned != null) {
                                sample.offer(cleaned.id(), cleaned.text());
                            }
                        }
                    }

                    @Override
                    public void bad(BadRecord record) {
                        // counted and reported by the second pass
                    }
                });
            }
        }
        TopicModel model = TopicModel.fit(sample, settings);
        progress.accept(String.format("[data] clusters: k-means (k = %d, %d hashed TF-IDF features) fitted on %,d of "
                        + "%,d documents in %s", settings.k(), settings.features(), sample.size(), read[0],
                DataPipeline.formatSeconds((System.nanoTime() - started) / 1e9)));
        return model;
    }

    private static Document clean(Document document, List<DataStage> stages) {
        Document current = document;
        for (DataStage stage : stages) {
            if (stage.apply(current) instanceof StageResult.Kept(Document out)) {
                current = out;
            } else {
                return null;
            }
        }
        return current;
    }
}
