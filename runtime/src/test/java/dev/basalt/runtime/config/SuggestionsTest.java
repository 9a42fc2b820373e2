package dev.basalt.runtime.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestionsTest {

    @Test
    void distanceCountsEditsAndTranspositions() {
        assertEquals(0, Suggestions.distance("gpt", "gpt"));
        assertEquals(1, Suggestions.distance("gtp", "gpt"));      // one transposition
        assertEquals(1, Suggestions.distance("layerz", "layers"));  // one substitution
        assertEquals(1, Suggestions.distance("layer", "layers"));   // one insertion
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void suggestsOnlyPlausibleTypos() {
        assertEquals(Optional.of("layers"), Suggestions.closest("layerz", List.of("heads", "layers", "width")));
        assertEquals(Optional.empty(), Suggestions.closest("temperature", List.of("heads", "layers", "width")));
    }
}
