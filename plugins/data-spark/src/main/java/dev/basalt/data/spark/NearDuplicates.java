package dev.basalt.data.spark;

import dev.basalt.data.stage.MinHashDedupStage;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code dedup-minhash} as a distributed LSH join, with the stage's own shingles, signatures, band keys and
 * duplicate test: signatures → (band key, document) → documents sharing a bucket become candidate pairs →
 * both signatures joined to each pair → the pairs that pass the test are the edges.
 *
 * <p>The survivors follow the in-process rule: a document is removed when an edge links it to an earlier
 * <em>survivor</em>. Which documents survive therefore depends on source order along chains (A~B and B~C but
 * not A~C keeps A and C), so the edges, one per near-duplicate pair and few next to the corpus, are resolved in
 * one pass in source order on the driver.
 */
final class NearDuplicates {

    private NearDuplicates() {
    }

    static JavaRDD<Item> mark(JavaSparkContext spark, JavaRDD<Item> alive, StageHandle handle, int stage,
                              int partitions, LongAccumulator time) {
        JavaPairRDD<Long, int[]> signatures = alive.mapToPair(item -> {
            long t0 = System.nanoTime();
            MinHashDedupStage minhash = handle.stage(stage, MinHashDedupStage.class);
            int[] signature = minhash.signature(minhash.shingles(item.text()));
            time.add(System.nanoTime() - t0);
            return new Tuple2<>(item.ordinal(), signature);
        }).persist(StorageLevel.MEMORY_AND_DISK());

        JavaPairRDD<Long, Long> candidates = signatures
                .flatMapToPair(entry -> Arrays.stream(handle.stage(stage, MinHashDedupStage.class).bandKeys(entry._2()))
                        .mapToObj(bucket -> new Tuple2<>(bucket, entry._1())).iterator())
                .groupByKey(partitions)
                .flatMapToPair(bucket -> pairs(bucket._2()).iterator())
                .distinct(partitions);
        List<Tuple2<Long, Long>> edges = candidates.join(signatures, partitions)
                .mapToPair(pair -> new Tuple2<>(pair._2()._1(), new Tuple2<>(pair._1(), pair._2()._2())))
                .join(signatures, partitions)
                .filter(pair -> handle.stage(stage, MinHashDedupStage.class).duplicates(pair._2()._1()._2(), pair._2()._2()))
                .map(pair -> new Tuple2<>(pair._2()._1()._1(), pair._1()))
                .collect();
        signatures.unpersist(false);

        Broadcast<long[]> removed = spark.broadcast(removed(edges));
        return alive.map(item -> Arrays.binarySearch(removed.value(), item.ordinal()) >= 0
                ? item.removed(stage, MinHashDedupStage.REASON) : item.passed(stage, item.text()));
    }

    /** Every pair (earlier, later) of the documents in one bucket. */
    private static List<Tuple2<Long, Long>> pairs(Iterable<Long> bucket) {
        List<Long> members = new ArrayList<>();
        bucket.forEach(members::add);
        members.sort(null);
        List<Tuple2<Long, Long>> pairs = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            for (int j = i + 1; j < members.size(); j++) {
                pairs.add(new Tuple2<>(members.get(i), members.get(j)));
            }
        }
        return pairs;
    }

    /**
     * The documents removed by the survivor rule, sorted, from edges (earlier, later): in source order, a document
     * is removed when one of its earlier neighbours survived.
     */
    static long[] removed(List<Tuple2<Long, Long>> edges) {
        List<Tuple2<Long, Long>> byLater = new ArrayList<>(edges);
        byLater.sort(Comparator.comparing((Tuple2<Long, Long> edge) -> edge._2()).thenComparing(Tuple2::_1));
        Set<Long> removed = new HashSet<>();
        for (Tuple2<Long, Long> edge : byLater) {
            if (!removed.contains(edge._2()) && !removed.contains(edge._1())) {
                removed.add(edge._2());
            }
        }
        return removed.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
