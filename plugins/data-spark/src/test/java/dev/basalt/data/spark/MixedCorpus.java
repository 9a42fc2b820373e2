package dev.basalt.data.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.data.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Real text from shared/data, {@code scale} units of it: per unit 400 Europarl lines (Italian), 25 Brown files
 * and 700 tinyshakespeare speeches, each unit a different slice. One in 20 documents gets an exact copy
 * (re-cased and re-spaced) and one in 20 a near copy (one word in 50 replaced), planted a little later in the
 * same source. Written as one JSONL source per corpus.
 */
final class MixedCorpus {

    static final int EUROPARL_PER_UNIT = 400;
    static final int BROWN_PER_UNIT = 25;
    static final int SPEECHES_PER_UNIT = 700;

    final List<Path> files = new ArrayList<>();
    long bytes;
    int documents;

    private MixedCorpus() {
    }

    static MixedCorpus write(Path dir, int scale, long seed) {
        MixedCorpus corpus = new MixedCorpus();
        Random random = new Random(seed);
        List<String> europarl = SharedData.europarlBodies(EUROPARL_PER_UNIT * scale);
        List<String> brown = SharedData.brownDocuments(BROWN_PER_UNIT * scale);
        List<String> speeches = SharedData.shakespeareSpeeches();
        corpus.source(dir.resolve("europarl.jsonl"), europarl, random);
        corpus.source(dir.resolve("brown.jsonl"), brown, random);
        corpus.source(dir.resolve("shakespeare.jsonl"),
                speeches.subList(0, Math.min(speeches.size(), SPEECHES_PER_UNIT * scale)), random);
        return corpus;
    }

    private void source(Path file, List<String> originals, Random random) {
        List<List<String>> plantedAfter = new ArrayList<>();
        originals.forEach(original -> plantedAfter.add(new ArrayList<>()));
        for (int i = 0; i < originals.size(); i++) {
            int roll = random.nextInt(20);
            if (roll < 2) {
                String original = originals.get(i);
                String copy = roll == 0 ? exactCopy(original, random) : nearCopy(original, random);
                plantedAfter.get(Math.min(originals.size() - 1, i + random.nextInt(50))).add(copy);
            }
        }
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            documents.add(originals.get(i));
            documents.addAll(plantedAfter.get(i));
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (String text : documents) {
                json.writeStartObject();
                json.writeStringField("text", text);
                json.writeEndObject();
                json.flush();
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(file);
        this.documents += documents.size();
        try {
            bytes += Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same text in another case with other spacing: dedup-exact's normalisation folds both away. */
    private static String exactCopy(String text, Random random) {
        String recased = random.nextBoolean() ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
        return "  " + recased.replace(" ", "   ") + " \n";
    }

    private static String nearCopy(String text, Random random) {
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (random.nextInt(50) == 0) {
                words[i] = "zzz" + random.nextInt(1000);
            }
        }
        return String.join(" ", words);
    }

    /** A {@code data} block reading these sources through the given stages. */
    Config data(List<Map<String, Object>> stages) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(Map.of("path", file.toString(), "format", "jsonl"));
        }
        return ConfigFactory.empty()
                .withValue("sources", ConfigValueFactory.fromIterable(sources))
                .withValue("stages", ConfigValueFactory.fromIterable(stages))
                .withValue("progress-seconds", ConfigValueFactory.fromAnyRef(0));
    }

    /** Every stage of data-stages, set for this corpus: Italian and English are kept, short speeches too. */
    static List<Map<String, Object>> allStages(Path evalFile) {
        return List.of(
                Map.of("type", "clean-html"),
                Map.of("type", "normalize"),
                // The stop-word rule counts English words, and most of the corpus is Italian.
                Map.of("type", "quality-filter", "min-words", 5, "min-stop-words", 0),
                Map.of("type", "language-filter", "keep", List.of("english", "italian"),
                        "candidates", List.of("english", "italian", "french", "german", "spanish")),
                Map.of("type", "dedup-exact"),
                Map.of("type", "dedup-minhash"),
                Map.of("type", "decontaminate", "eval-files", List.of(evalFile.toString())));
    }

    /** Every 40th speech of tinyshakespeare as an evaluation set: planted in the corpus, so some get removed. */
    static Path evalSet(Path dir) throws IOException {
        List<String> speeches = SharedData.shakespeareSpeeches();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < speeches.size(); i += 40) {
            items.add(speeches.get(i).replace('\n', ' '));
        }
        return Files.write(dir.resolve("eval.txt"), items, StandardCharsets.UTF_8);
    }
}
