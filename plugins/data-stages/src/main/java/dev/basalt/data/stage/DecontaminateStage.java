package dev.basalt.data.stage;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;
import dev.basalt.data.source.BadRecord;
import dev.basalt.data.source.RecordVisitor;
import dev.basalt.data.source.SourceReader;
import dev.basalt.data.source.SourceSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Removes training documents that share an n-gram (13 normalised words by default) with an evaluation set, so
 * benchmark scores are not inflated by memorised test items. Words are normalised by {@link Words} (NFKC,
 * lower case, letters and digits only), so line breaks, spacing and punctuation do not hide an overlap.
 *
 * <p>Evaluation files are read as one item per line (plain text) or per JSON line ({@code eval-text-field}),
 * compressed or not. An item shorter than {@code ngram} words but at least {@code min-eval-words} long is
 * matched as a whole word sequence; shorter items are ignored and counted. The report lists, up to
 * {@code report-limit} examples, which document was removed, for which evaluation file, and the matching words.
 */
public final class DecontaminateStage implements DataStage, ReportingStage {

    static final String NAME = "decontaminate";

    private final int ngram;
    private final int minMatches;
    private final int reportLimit;
    private final List<String> evalFiles = new ArrayList<>();
    /** n-gram length to (n-gram hash to evaluation file index). */
    private final Map<Integer, Map<Long, Integer>> grams = new HashMap<>();
    private final TreeSet<Integer> lengths = new TreeSet<>(Collections.reverseOrder());
    private final int[] itemsPerFile;
    private int ignoredShortItems;
    private final List<BadRecord> badEvalRecords = new ArrayList<>();
    private final LongAdder[] removedPerFile;
    private final ConcurrentLinkedQueue<Map<String, Object>> examples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger exampleCount = new AtomicInteger();

    DecontaminateStage(List<String> files, String textField, int ngram, int minEvalWords, int minMatches,
                       int reportLimit) {
        if (files.isEmpty()) {
            throw new BasaltException("data.stages: decontaminate.eval-files is empty; list the evaluation sets to "
                    + "protect, e.g. eval-files = [\"evals/lambada.jsonl\"].");
        }
        this.ngram = ngram;
        this.minMatches = minMatches;
        this.reportLimit = reportLimit;
        this.itemsPerFile = new int[files.size()];
        this.removedPerFile = new LongAdder[files.size()];
        for (int i = 0; i < files.size(); i++) {
            removedPerFile[i] = new LongAdder();
            load(Path.of(files.get(i)), i, textField, minEvalWords);
        }
    }

    public static DecontaminateStage fromConfig(Config config) {
        return StageConfig.read(NAME, config, c -> new DecontaminateStage(c.getStringList("eval-files"),
                c.getString("eval-text-field"), StageConfig.positive(NAME, c, "ngram"),
                StageConfig.positive(NAME, c, "min-eval-words"), StageConfig.positive(NAME, c, "min-matches"),
                c.getInt("report-limit")));
    }

    private void load(Path file, int index, String textField, int minEvalWords) {
        if (!Files.isRegularFile(file)) {
            throw new BasaltException("data.stages: decontaminate.eval-files has " + file + ", which is not a file.");
        }
        evalFiles.add(file.toString());
        SourceSpec spec = new SourceSpec(file, file.getFileName().toString(), Optional.empty(), "line", textField,
                "text", ',', true, "*", 1.0);
        new SourceReader(spec, new LongAdder()).read(file, new RecordVisitor() {
            @Override
            public void document(Document document) {
                long[] words = Words.hashes(Words.normalized(document.text()));
                if (words.length < minEvalWords) {
                    ignoredShortItems++;
                    return;
                }
                itemsPerFile[index]++;
                int n = Math.min(ngram, words.length);
                lengths.add(n);
                Map<Long, Integer> table = grams.computeIfAbsent(n, k -> new HashMap<>());
                for (int i = 0; i + n <= words.length; i++) {
                    table.putIfAbsent(Words.ngramHash(words, i, n), index);
                }
            }

            @Override
            public void bad(BadRecord record) {
                badEvalRecords.add(record);
            }
        });
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public StageResult apply(Document document) {
        List<String> words = Words.normalized(document.text());
        long[] hashes = Words.hashes(words);
        int hits = 0;
        for (int n : lengths) {
            Map<Long, Integer> table = grams.get(n);
            for (int i = 0; i + n <= hashes.length; i++) {
                Integer file = table.get(Words.ngramHash(hashes, i, n));
                if (file != null && ++hits >= minMatches) {
                    removedPerFile[file].increment();
                    record(document, file, String.join(" ", words.subList(i, i + n)));
                    return StageResult.remove("eval-overlap");
                }
            }
        }
        return StageResult.keep(document);
    }

    private void record(Document document, int file, String words) {
        if (exampleCount.getAndIncrement() < reportLimit) {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("document", document.id());
            example.put("eval-file", evalFiles.get(file));
            example.put("matched", words);
            examples.add(example);
        }
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < evalFiles.size(); i++) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", evalFiles.get(i));
            file.put("items", itemsPerFile[i]);
            file.put("documents-removed", removedPerFile[i].sum());
            files.add(file);
        }
        report.put("ngram", ngram);
        report.put("eval-files", files);
        report.put("ignored-short-items", ignoredShortItems);
        report.put("bad-eval-records", badEvalRecords.stream().map(BadRecord::toString).toList());
        report.put("examples", new ArrayList<>(examples));
        return report;
    }
}
