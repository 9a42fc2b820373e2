package dev.basalt.data.stage;

import java.util.Map;

/** A stage with details for the run's manifest beyond kept/removed counts, such as what it matched. */
public interface ReportingStage {

    /** JSON-friendly details: strings, numbers, booleans, lists and maps of them. */
    Map<String, Object> report();
}
