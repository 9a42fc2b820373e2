package dev.basalt.data.spark;

import dev.basalt.data.pipeline.CorpusStageRunner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What each stage saw and did, added up over items (alive ones and tombstones) on Spark. */
final class StageCounts implements Serializable {

    private final long[] in;
    private final long[] kept;
    private final long[] chars;
    private final List<Map<String, Long>> removed = new ArrayList<>();

    StageCounts(int stages) {
        in = new long[stages];
        kept = new long[stages];
        chars = new long[stages];
        for (int s = 0; s < stages; s++) {
            removed.add(new HashMap<>());
        }
    }

    StageCounts add(Item item) {
        int reached = item.alive() ? in.length : item.removedAt() + 1;
        for (int s = 0; s < reached; s++) {
            in[s]++;
            chars[s] += item.charsIn()[s];
            if (s != item.removedAt()) {
                kept[s]++;
            }
        }
        if (!item.alive()) {
            removed.get(item.removedAt()).merge(item.reason(), 1L, Long::sum);
        }
        return this;
    }

    StageCounts merge(StageCounts other) {
        for (int s = 0; s < in.length; s++) {
            in[s] += other.in[s];
            kept[s] += other.kept[s];
            chars[s] += other.chars[s];
            Map<String, Long> mine = removed.get(s);
            other.removed.get(s).forEach((reason, count) -> mine.merge(reason, count, Long::sum));
        }
        return this;
    }

    void report(CorpusStageRunner.Tally tally, long[] nanos) {
        for (int s = 0; s < in.length; s++) {
            tally.add(s, in[s], kept[s], removed.get(s), chars[s], nanos[s]);
        }
    }
}
