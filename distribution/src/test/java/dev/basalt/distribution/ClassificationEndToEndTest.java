package dev.basalt.distribution;

import dev.basalt.api.format.SafetensorsCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code basalt train} with objective sequence-classification: labelled JSONL/CSV in, accuracy and a classifier out. */
class ClassificationEndToEndTest {

    @TempDir
    Path dir;

    private static Path tiniest() {
        return BertEndToEndTest.tiniest();
    }

    /** Texts of a few words; those with "zebra" are labelled yes. */
    private Path zebraJsonl(String name, int count, String labelField) throws IOException {
        List<String> lines = new ArrayList<>();
        String[] words = {"apple", "river", "stone", "cloud", "music", "table"};
        for (int i = 0; i < count; i++) {
            boolean zebra = i % 2 == 0;
            String text = words[i % 6] + " " + (zebra ? "zebra" : words[(i + 1) % 6]) + " " + words[(i + 2) % 6];
            lines.add("{\"text\": \"" + text + "\", \"" + labelField + "\": \"" + (zebra ? "yes" : "no") + "\"}");
        }
        return Files.write(dir.resolve(name), lines);
    }

    private Path config(String body) throws IOException {
        return Files.writeString(dir.resolve("classify.conf"), """
                run { name = zebra, output-dir = "%s" }
                objective { type = sequence-classification }
                training { steps = 4, batch = 4, context = 16, lr = 1e-3, warmup = 0, log-every = 2 }
                %s
                """.formatted(dir.resolve("runs"), body));
    }

    @Test
    void fineTunesFromACheckpointWithSelfTrainingAndWritesALoadableClassifier() throws IOException {
        Path train = zebraJsonl("train.jsonl", 12, "label");
        Path unlabelled = zebraJsonl("unlabelled.jsonl", 6, "hidden");
        Path test = Files.writeString(dir.resolve("test.csv"),
                "label,text\nyes,\"a zebra, here\"\nno,cloud river\nyes,zebra stone\nno,\"the \"\"apple\"\"\"\n");
        Path config = config("""
                model.init-from = "%s"
                data.labelled { train = "%s", validation = "%s", unlabelled = "%s" }
                training.self-training { rounds = 1, confidence-threshold = 0.3, balanced = false }
                """.formatted(tiniest(), train, test, unlabelled));

        Cli run = Cli.run("train", config.toString());

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("labels:    no 6, yes 6"), run.out());
        assertTrue(run.out().contains("data:      12 labelled, 6 unlabelled, 4 validation texts"), run.out());
        // two labels and a threshold of 0.3: every unlabelled text is confident enough
        assertTrue(run.out().matches("(?s).*round 0: 12 labelled texts alone\n  step 2/4 .*validation: accuracy "
                + "\\d\\.\\d{3} \\(\\d/4\\), loss .*round 1: 12 labelled \\+ 6 pseudo-labelled texts \\([a-z0-9, ]+\\)\n"
                + "  step 2/4 .*validation: accuracy.*"), run.out());
        Path checkpoint = dir.resolve("runs/zebra/step-000008");
        assertTrue(run.out().contains("classifier " + checkpoint), run.out());
        assertTrue(run.out().contains("classifier " + dir.resolve("runs/zebra/step-000004")), "each round is kept");
        assertTrue(run.out().matches("(?s).*\nbest:      round [01], validation accuracy \\d\\.\\d{3} \\(\\d/4\\), loss [^\n]*"
                + "(, the last round: " + java.util.regex.Pattern.quote(checkpoint.toString()) + "|, in "
                + java.util.regex.Pattern.quote(dir.resolve("runs/zebra/step-000004").toString()) + " \\(the run folder"
                + " stands for the last round, step-000008; give the step folder to use round 0\\))\n.*"), run.out());
        assertEquals("{\"labels\": [\"no\", \"yes\"]}", Files.readString(checkpoint.resolve("labels.json")).strip());
        assertTrue(Files.readString(checkpoint.resolve("evaluation.json"))
                .contains("{\"round\": 1, \"labelled\": 12, \"pseudo_labels\": 6,"));
        Cli compare = Cli.run("compare", dir.resolve("runs/zebra").toString());
        assertEquals(0, compare.exitCode(), compare.err());
        assertTrue(compare.out().matches("(?s).*\\| zebra \\| 0 \\| 12 \\| 0 \\| \\d\\.\\d{3} \\(\\d/4\\) \\| \\d+\\.\\d{4} \\|\n"
                + "\\| zebra \\| 1 \\| 12 \\| 6 \\| \\d\\.\\d{3} \\(\\d/4\\) \\| \\d+\\.\\d{4} \\|\n.*"), compare.out());
        try (SafetensorsCheckpoint head = SafetensorsCheckpoint.open(checkpoint.resolve("classifier.safetensors"))) {
            assertArrayEquals(new long[] {2, 4}, head.tensors().get("classifier.weight").shape());
            assertArrayEquals(new long[] {2}, head.tensors().get("classifier.bias").shape());
        }
        Cli embed = Cli.run("embed", checkpoint.toString(), "a zebra");
        assertEquals(0, embed.exitCode(), embed.err());
        assertEquals(4, embed.out().strip().split(" ").length, embed.out());

        // the reloaded classifier labels the validation texts as the run measured them
        Path texts = Files.write(dir.resolve("texts.txt"), List.of("a zebra, here", "cloud river", "zebra stone",
                "the \"apple\""));
        Cli classify = Cli.run("classify", dir.resolve("runs/zebra").toString(), "--file", texts.toString(), "--all");
        assertEquals(0, classify.exitCode(), classify.err());
        List<String> lines = classify.out().strip().lines().toList();
        String[] truth = {"yes", "no", "yes", "no"};
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            String[] fields = lines.get(i).split("\t");
            assertEquals(4, fields.length, lines.get(i));
            double p = Double.parseDouble(fields[1]);
            double sum = Double.parseDouble(fields[2].split("=")[1]) + Double.parseDouble(fields[3].split("=")[1]);
            assertTrue(p >= 0.5 && p <= 1, lines.get(i));
            assertEquals(1.0, sum, 2e-4, "two probabilities printed to 4 decimals add up to 1");
            assertEquals(fields[0] + "=" + fields[1], fields[2], "the best label is listed first");
            correct += fields[0].equals(truth[i]) ? 1 : 0;
        }
        String evaluation = Files.readString(checkpoint.resolve("evaluation.json"));
        String lastRound = evaluation.substring(evaluation.indexOf("{\"round\": 1"));
        assertTrue(lastRound.contains("\"correct\": " + correct + ","), correct + " correct vs " + evaluation);
    }

    @Test
    void aFineTuningRunStoppedBeforeItsFirstRoundEndsLeavesNoFolderAndSaysToRunAgain() throws Exception {
        Path train = zebraJsonl("train.jsonl", 12, "label");
        Path config = config("""
                model.init-from = "%s"
                data.labelled.train = "%s"
                training { steps = 1000000, log-every = 1 }
                """.formatted(tiniest(), train));
        Path log = dir.resolve("stopped.log");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.basalt.runtime.cli.Main", "train", config.toString(),
                "--plugins", Cli.noPlugins()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (run.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("step 2/1000000")) {
            Thread.sleep(20);
        }
        assertTrue(run.isAlive(), "still training when stopped: " + Files.readString(log));
        assertTrue(Files.isDirectory(dir.resolve("runs/zebra")), "the run holds its folder while it trains");
        run.destroy();                              // SIGTERM, as Ctrl-C or a scheduler would send
        assertTrue(run.waitFor(1, TimeUnit.MINUTES));
        String said = Files.readString(log);
        assertTrue(said.contains("interrupted during fine-tuning before its first round finished; nothing was kept."
                + " Run the same command again."), said);
        assertFalse(Files.exists(dir.resolve("runs")), "no folder is left behind: " + said);
    }

    @Test
    void modelKeysBesideInitFromAreRefusedNotIgnored() throws IOException {
        Path train = zebraJsonl("train.jsonl", 12, "label");
        Path config = config("""
                model.init-from = "%s"
                data.labelled.train = "%s"
                """.formatted(tiniest(), train));
        for (String command : new String[] {"train", "config show"}) {
            List<String> words = new ArrayList<>(List.of(command.split(" ")));
            words.addAll(List.of(config.toString(), "--set", "model.layers=2", "--set", "model.width=64"));
            Cli shaped = Cli.run(words.toArray(String[]::new));
            assertEquals(1, shaped.exitCode(), command + ": " + shaped.out());
            assertTrue(shaped.err().contains("model.layers, model.width are set, but model.init-from = \"" + tiniest()
                    + "\" gives the whole model, its shape included; remove them."), shaped.err());
        }
        Cli other = Cli.run("train", config.toString(), "--set", "model.architecture=t5");
        assertEquals(1, other.exitCode(), other.out());
        assertTrue(other.err().contains("--set model.architecture=t5: model.architecture = t5, but model.init-from = \""
                + tiniest() + "\" holds a bert model; set model.architecture = bert, or leave it out."), other.err());
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written");
        Cli shown = Cli.run("config", "show", config.toString());
        assertEquals(0, shown.exitCode(), shown.err());
        assertTrue(shown.out().contains("# model.init-from is set: the model and its shape come from " + tiniest()),
                shown.out());
    }

    @Test
    void anExportedClassifierStillClassifies() throws IOException {
        Path train = zebraJsonl("train.jsonl", 8, "label");
        Path config = config("""
                model.init-from = "%s"
                data.labelled.train = "%s"
                """.formatted(tiniest(), train));
        assertEquals(0, Cli.run("train", config.toString()).exitCode());
        Cli export = Cli.run("export", dir.resolve("runs/zebra").toString(), dir.resolve("hf").toString());
        assertEquals(0, export.exitCode(), export.err());
        assertTrue(export.out().contains("classifier.safetensors, labels.json, fine-tuning.conf"), export.out());
        assertTrue(export.out().contains("AutoModelForSequenceClassification does not"), export.out());
        assertTrue(export.out().contains(" of " + dir.resolve("runs/zebra").resolve("step-0000")), export.out());
        Cli here = Cli.run("classify", dir.resolve("runs/zebra").toString(), "a zebra");
        Cli there = Cli.run("classify", dir.resolve("hf").toString(), "a zebra");
        assertEquals(0, there.exitCode(), there.err());
        assertEquals(here.out(), there.out());
    }

    @Test
    void classifyRefusesAFolderThatHoldsNoClassifier() {
        Cli cli = Cli.run("classify", tiniest().toString(), "a text");
        cli.assertOneLineError("is not a classifier: it has no classifier.safetensors");
    }

    @Test
    void fineTunesFreshWeightsWithTheTokenizerOfTokenizerPath() throws IOException {
        Path train = zebraJsonl("train.jsonl", 8, "label");
        Path config = config("""
                include "presets/bert-tiny.conf"
                model { layers = 1, width = 16, heads = 2, max-positions = 32 }
                tokenizer.path = "%s"
                data.labelled.train = "%s"
                """.formatted(tiniest().resolve("tokenizer.json"), train));

        Cli run = Cli.run("train", config.toString());

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("(fresh weights)"), run.out());
        assertTrue(run.out().contains("validation: no texts (data.labelled.validation)"), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("runs/zebra/step-000004/classifier.safetensors")));
    }

    @Test
    void withoutLabelledTextsTheRunSaysWhichKeyToSetAndLeavesNothing() throws IOException {
        Cli run = Cli.run("train", config("model.init-from = \"model.onnx\"").toString());
        run.assertOneLineError("classify.conf:2: objective.type = sequence-classification fine-tunes on labelled texts;"
                + " set data.labelled.train to a .jsonl or .csv file");
        assertFalse(Files.exists(dir.resolve("runs")), "no run folder is left behind");
    }

    @Test
    void aValidationLabelTheTrainingDataLacksIsNamedByFileAndLine() throws IOException {
        Path train = zebraJsonl("train.jsonl", 4, "label");
        Path test = Files.writeString(dir.resolve("test.csv"), "text,label\nzebra,yes\nhorse,maybe\n");
        Cli run = Cli.run("train", config("data.labelled { train = \"%s\", validation = \"%s\" }"
                .formatted(train, test)).toString());
        run.assertOneLineError(test + ":3: label 'maybe' is not one the classifier was trained on; known labels are [no, yes]");
    }

    @Test
    void brokenRecordsMissingFilesAndImpossibleCombinationsAreOneLineEach() throws IOException {
        Path train = zebraJsonl("train.jsonl", 4, "label");
        Files.writeString(dir.resolve("broken.jsonl"), "{\"text\": \"a\", \"label\": \"x\"}\nnot json\n");
        Cli broken = Cli.run("train", config("data.labelled.train = \"%s\"".formatted(dir.resolve("broken.jsonl")))
                .toString());
        broken.assertOneLineError("data.labelled.train", "broken.jsonl:2: not a JSON object");

        Cli noUnlabelled = Cli.run("train", config("""
                data.labelled.train = "%s"
                training.self-training.rounds = 2
                """.formatted(train)).toString());
        noUnlabelled.assertOneLineError("training.self-training.rounds = 2 needs unlabelled texts",
                "data.labelled.unlabelled");

        Cli missingModel = Cli.run("train", config("""
                data.labelled.train = "%s"
                model.init-from = "%s"
                """.formatted(train, dir.resolve("nowhere.onnx"))).toString());
        missingModel.assertOneLineError("model.init-from = \"" + dir.resolve("nowhere.onnx") + "\" does not exist");

        Cli resume = Cli.run("train", config("data.labelled.train = \"%s\"".formatted(train)).toString(), "--resume");
        resume.assertOneLineError("--resume continues pretraining");

        Cli threshold = Cli.run("train", config("training.self-training.confidence-threshold = 0").toString());
        threshold.assertOneLineError("training.self-training.confidence-threshold");

        Cli context = Cli.run("train", config("data.labelled.train = \"%s\"".formatted(train)).toString(),
                "--set", "training.context=1");
        context.assertOneLineError("training.context = 1 leaves no room for a text");

        Cli accumulate = Cli.run("train", config("data.labelled.train = \"%s\"".formatted(train)).toString(),
                "--set", "training.grad-accum=2");
        accumulate.assertOneLineError("training.grad-accum = 2 is for pretraining");

        Cli name = Cli.run("train", config("data.labelled.train = \"%s\"".formatted(train)).toString(),
                "--set", "run.name=../elsewhere");
        name.assertOneLineError("run.name = \"../elsewhere\" is not a folder name");
        assertFalse(Files.exists(dir.resolve("runs")), "no run folder is left behind");
    }
}
