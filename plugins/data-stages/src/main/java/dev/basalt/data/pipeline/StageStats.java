package dev.basalt.data.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What one stage saw and did, updated from many threads. */
final class StageStats {

    final String name;
    final LongAdder in = new LongAdder();
    final LongAdder kept = new LongAdder();
    final LongAdder chars = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> removed = new ConcurrentHashMap<>();

    StageStats(String name) {
        this.name = name;
    }

    void remove(String reason) {
        removed.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void add(long documentsIn, long documentsKept, Map<String, Long> removals, long charsIn, long time) {
        in.add(documentsIn);
        kept.add(documentsKept);
        removals.forEach((reason, count) -> removed.computeIfAbsent(reason, r -> new LongAdder()).add(count));
        chars.add(charsIn);
        nanos.add(time);
    }

    long removedTotal() {
        return removed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", name);
        map.put("in", in.sum());
        map.put("kept", kept.sum());
        Map<String, Object> reasons = new TreeMap<>();
        removed.forEach((reason, count) -> reasons.put(reason, count.sum()));
        map.put("removed", reasons);
        map.put("cpu-seconds", nanos.sum() / 1e9);
        map.put("mb-in", chars.sum() / 1e6);
        return map;
    }
}
