package dev.basalt.data.spark;

import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The survivor rule applied to LSH edges, on graphs small enough to work out by hand. */
class SurvivorRuleTest {

    private static Tuple2<Long, Long> edge(long earlier, long later) {
        return new Tuple2<>(earlier, later);
    }

    @Test
    void aChainKeepsEveryOtherDocument() {
        // 1~2 and 2~3 but not 1~3: 2 goes for matching survivor 1; 3 matched only 2, which did not survive.
        assertArrayEquals(new long[] {2}, NearDuplicates.removed(List.of(edge(2, 3), edge(1, 2))));
        // 1~2~3~4~5: 2 and 4 go, 3 and 5 stay.
        assertArrayEquals(new long[] {2, 4},
                NearDuplicates.removed(List.of(edge(4, 5), edge(3, 4), edge(2, 3), edge(1, 2))));
    }

    @Test
    void aCliqueKeepsItsFirstDocument() {
        assertArrayEquals(new long[] {5, 9, 12},
                NearDuplicates.removed(List.of(edge(3, 5), edge(3, 9), edge(3, 12), edge(5, 9), edge(5, 12), edge(9, 12))));
    }

    @Test
    void aDocumentMatchingARemovedAndASurvivingOneGoes() {
        // 1~2 removes 2; 3 matches 2 (removed) and 1 (a survivor), so it goes too.
        assertArrayEquals(new long[] {2, 3}, NearDuplicates.removed(List.of(edge(2, 3), edge(1, 2), edge(1, 3))));
    }
}
