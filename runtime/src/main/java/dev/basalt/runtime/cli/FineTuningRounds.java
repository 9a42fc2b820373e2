package dev.basalt.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.runtime.train.CheckpointStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rounds of a fine-tuning run, as its latest checkpoint's {@code evaluation.json} records them: how many
 * labelled and pseudo-labelled texts each round trained on, and its validation result when the run had validation
 * texts.
 */
record FineTuningRounds(String name, List<Round> rounds) {

    /** One round; {@code accuracy} and {@code loss} are NaN and {@code count} 0 without validation texts. */
    record Round(int number, int labelled, int pseudoLabels, double accuracy, int correct, int count, double loss) {
    }

    /** The rounds of {@code run}, or empty when its latest checkpoint holds no {@code evaluation.json}. */
    static Optional<FineTuningRounds> read(Path run) {
        Path file;
        try {
            Optional<Path> latest = new CheckpointStore(run, 1).latest();
            if (latest.isEmpty() || !Files.isRegularFile(latest.get().resolve("evaluation.json"))) {
                return Optional.empty();
            }
            file = latest.get().resolve("evaluation.json");
        } catch (IOException e) {
            throw new BasaltException("Cannot read the checkpoints of " + run + ": " + e.getMessage(), e);
        }
        try {
            List<Round> rounds = new ArrayList<>();
            for (Config round : ConfigFactory.parseFile(file.toFile()).getConfigList("rounds")) {
                boolean validated = round.hasPath("accuracy");
                rounds.add(new Round(round.getInt("round"),
                        round.hasPath("labelled") ? round.getInt("labelled") : -1,
                        round.getInt("pseudo_labels"),
                        validated ? round.getDouble("accuracy") : Double.NaN,
                        validated ? round.getInt("correct") : 0,
                        validated ? round.getInt("count") : 0,
                        validated ? round.getDouble("loss") : Double.NaN));
            }
            if (rounds.isEmpty()) {
                throw new BasaltException(file + " records no round; it is written by basalt train with"
                        + " objective.type = sequence-classification.");
            }
            return Optional.of(new FineTuningRounds(run.getFileName().toString(), rounds));
        } catch (ConfigException e) {
            throw new BasaltException(file + " is not a fine-tuning evaluation (" + e.getMessage()
                    + "); it is written by basalt train with objective.type = sequence-classification.", e);
        }
    }
}
