package dev.basalt.data.spark;

import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import dev.basalt.data.pipeline.CorpusStageRunner;
import dev.basalt.data.stage.ExactDedupStage;
import dev.basalt.data.stage.MinHashDedupStage;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs the stages on Spark over the whole corpus. Consecutive stages that are safe to run in parallel (cleaners,
 * filters) map each partition; {@code dedup-exact} and {@code dedup-minhash} become a distributed group-by and
 * an LSH join ({@link ExactDuplicates}, {@link NearDuplicates}); any other stage that keeps state across
 * documents sees them one at a time in source order on the driver, as it would in process. Each step's result
 * is cached and computed once, so no stage sees a document twice.
 */
final class SparkStageRunner implements CorpusStageRunner {

    private final JavaSparkContext spark;
    private final StageHandle handle;
    private final int partitions;

    SparkStageRunner(JavaSparkContext spark, StageHandle handle, int partitions) {
        this.spark = spark;
        this.handle = handle;
        this.partitions = partitions > 0 ? partitions : 2 * spark.defaultParallelism();
    }

    @Override
    public Iterator<Document> run(List<Document> documents, List<DataStage> stages, Tally tally) {
        int n = stages.size();
        List<Item> items = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            items.add(Item.of(i, documents.get(i), n));
        }
        LongAccumulator[] time = new LongAccumulator[n];
        for (int s = 0; s < n; s++) {
            time[s] = spark.sc().longAccumulator("stage-" + s + "-nanos");
        }
        JavaRDD<Item> current = cached(local(spark.parallelize(items, partitions)));
        int s = 0;
        while (s < n) {
            int from = s;
            DataStage stage = stages.get(s);
            JavaRDD<Item> alive = current.filter(Item::alive);
            JavaRDD<Item> removed = current.filter(item -> !item.alive());
            JavaRDD<Item> next;
            if (stage instanceof ExactDedupStage) {
                next = removed.union(ExactDuplicates.mark(alive, handle, from, partitions, time[from]));
                s++;
            } else if (stage instanceof MinHashDedupStage) {
                next = removed.union(NearDuplicates.mark(spark, alive, handle, from, partitions, time[from]));
                s++;
            } else if (stage.threadSafe()) {
                while (s < n && perDocument(stages.get(s))) {
                    s++;
                }
                int to = s;
                StageHandle stagesOf = handle;
                next = current.mapPartitions(part -> applyAll(stagesOf.stages(), part, from, to, time));
            } else {
                next = removed.union(local(spark.parallelize(onDriver(alive, stage, from, time[from]), partitions)));
                s++;
            }
            JavaRDD<Item> step = cached(next.coalesce(partitions));
            current.unpersist(false);
            current = step;
        }
        StageCounts counts = current.aggregate(new StageCounts(n), StageCounts::add, StageCounts::merge);
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            nanos[i] = time[i].value();
        }
        counts.report(tally, nanos);
        Iterator<Item> survivors = current.filter(Item::alive).keyBy(Item::ordinal).sortByKey(true, partitions)
                .values().toLocalIterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return survivors.hasNext();
            }

            @Override
            public Document next() {
                return survivors.next().document();
            }
        };
    }

    private static boolean perDocument(DataStage stage) {
        return stage.threadSafe() && !(stage instanceof ExactDedupStage) && !(stage instanceof MinHashDedupStage);
    }

    /** Cached, and computed now: later steps read it more than once and must not run its stages again. */
    private static JavaRDD<Item> cached(JavaRDD<Item> items) {
        JavaRDD<Item> persisted = items.persist(StorageLevel.MEMORY_AND_DISK());
        persisted.count();
        return persisted;
    }

    /**
     * Documents sent from the driver, kept by the executors once computed: without this every later task would
     * carry its slice of them again. An executor lost in a cluster then fails the run instead of recomputing.
     */
    private static JavaRDD<Item> local(JavaRDD<Item> sent) {
        sent.rdd().localCheckpoint();
        return sent;
    }

    private static Iterator<Item> applyAll(List<DataStage> stages, Iterator<Item> part, int from, int to,
                                           LongAccumulator[] time) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return part.hasNext();
            }

            @Override
            public Item next() {
                Item item = part.next();
                for (int s = from; s < to && item.alive(); s++) {
                    item = apply(stages.get(s), item, s, time[s]);
                }
                return item;
            }
        };
    }

    private static Item apply(DataStage stage, Item item, int index, LongAccumulator time) {
        long t0 = System.nanoTime();
        StageResult result = stage.apply(item.document());
        time.add(System.nanoTime() - t0);
        return switch (result) {
            case StageResult.Kept(Document out) -> item.passed(index, out.text());
            case StageResult.Removed(String reason) -> item.removed(index, reason);
        };
    }

    /** A stage that keeps state across documents: the alive documents, one at a time in source order, here. */
    private List<Item> onDriver(JavaRDD<Item> alive, DataStage stage, int index, LongAccumulator time) {
        Iterator<Item> ordered = alive.keyBy(Item::ordinal).sortByKey(true, partitions).values().toLocalIterator();
        List<Item> out = new ArrayList<>();
        while (ordered.hasNext()) {
            out.add(apply(stage, ordered.next(), index, time));
        }
        return out;
    }
}
