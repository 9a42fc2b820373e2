package dev.basalt.data.spark;

import dev.basalt.data.stage.ExactDedupStage;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code dedup-exact} as a distributed group-by on the stage's content hash: in each group the first document in
 * source order survives, the others are removed, as the in-process stage decides.
 */
final class ExactDuplicates {

    private ExactDuplicates() {
    }

    static JavaRDD<Item> mark(JavaRDD<Item> alive, StageHandle handle, int stage, int partitions, LongAccumulator time) {
        return alive.mapToPair(item -> {
                    long t0 = System.nanoTime();
                    long[] key = handle.stage(stage, ExactDedupStage.class).contentKey(item.text());
                    time.add(System.nanoTime() - t0);
                    return new Tuple2<>(new Tuple2<>(key[0], key[1]), item);
                })
                .groupByKey(partitions)
                .flatMap(group -> {
                    List<Item> copies = new ArrayList<>();
                    group._2().forEach(copies::add);
                    Item first = copies.stream().min(Comparator.comparingLong(Item::ordinal)).orElseThrow();
                    List<Item> marked = new ArrayList<>(copies.size());
                    for (Item copy : copies) {
                        marked.add(copy == first ? copy.passed(stage, copy.text())
                                : copy.removed(stage, ExactDedupStage.REASON));
                    }
                    return marked.iterator();
                });
    }
}
