package dev.basalt.data.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.data.StageResult;
import dev.basalt.api.data.TokenWidth;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.data.cluster.ClusterSettings;
import dev.basalt.data.cluster.TopicModel;
import dev.basalt.data.source.BadRecord;
import dev.basalt.data.source.RecordVisitor;
import dev.basalt.data.source.SourceReader;
import dev.basalt.data.source.SourceSpec;
import dev.basalt.data.stage.Hashing;
import dev.basalt.data.stage.ReportingStage;
import dev.basalt.data.stage.Stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Runs {@code basalt data prepare}: reads every source, passes documents through the stages in order, splits
 * them into train and validation, tokenizes them and writes packed shards with a manifest (format in
 * {@link ShardManifest}, reader in {@link dev.basalt.api.data.PackedShards}).
 *
 * <p>Memory stays bounded: one thread reads sources into batches of {@code batch-documents}, at most
 * {@code queue-batches} ahead; batches go through the stages in order, consecutive thread-safe stages in
 * parallel on {@code threads} workers (document order is kept, so output does not depend on the thread count),
 * stateful stages one document at a time; tokens stream to disk. Only deduplication state grows with the
 * corpus (see each deduplicator's Javadoc).
 *
 * <p>With {@code data.clusters.enabled}, a first pass over the sources fits K-means topic clusters on a bounded
 * sample ({@link TopicFit}); the main pass assigns every surviving document to a cluster, and the cluster's weight
 * multiplies the source's in the training split. The manifest's report then has a {@code clusters} section.
 *
 * <p>A run interrupted at any point can be started again with the same configuration: finished shards are
 * kept and not rewritten (stages replay over the input to rebuild deduplication state), an unfinished shard
 * is rewritten. A folder with a complete manifest of the same configuration is returned as is.
 *
 * <p>Runtime use: {@code new DataPipeline(config.getConfig("data"), stagesBuiltFromDataStages, tokenizer)
 * .prepare()}.
 */
public final class DataPipeline {

    private static final int BAD_RECORD_EXAMPLES = 1000;
    private static final int BAD_RECORDS_PRINTED = 20;
    private static final List<Document> END = List.of();

    private final Config data;
    private final List<DataStage> stages;
    private final List<String> stageNames;
    private final Tokenizer tokenizer;
    private final List<SourceSpec> sources;
    private final ClusterSettings clusters;
    private TopicModel topicModel;
    private PipelineSettings settings;
    private Consumer<String> progress = System.err::println;
    private CorpusStageRunner corpusRunner;

    /**
     * @param data      the run's {@code data} block: {@code sources}, {@code stages} and the pipeline settings
     *                  of {@code basalt.data-engine.local}
     * @param stages    the stages built from {@code data.stages}, in the same order
     * @param tokenizer the tokenizer of the run; its vocabulary decides the shard token width
     */
    public DataPipeline(Config data, List<DataStage> stages, Tokenizer tokenizer) {
        this.data = data;
        this.stages = List.copyOf(stages);
        this.tokenizer = tokenizer;
        this.settings = PipelineSettings.fromConfig(data);
        this.stageNames = stageNames(data, stages);
        this.sources = sources(data);
        this.clusters = ClusterSettings.fromConfig(data);
    }

    /** A pipeline whose stages are built by this plugin from {@code data.stages}, without the runtime. */
    public static DataPipeline fromConfig(Config data, Tokenizer tokenizer) {
        List<? extends Config> blocks = data.hasPath("stages") ? data.getConfigList("stages") : List.of();
        return new DataPipeline(data, Stages.buildAll(blocks), tokenizer);
    }

    /** Sends progress lines somewhere other than standard error. */
    public DataPipeline withProgress(Consumer<String> sink) {
        this.progress = sink;
        return this;
    }

    /** Runs the stages through {@code runner} over the whole corpus instead of batch by batch in this process. */
    public DataPipeline withCorpusStageRunner(CorpusStageRunner runner) {
        this.corpusRunner = runner;
        return this;
    }

    /** Writes to another folder than {@code data.output-dir}, e.g. from a command-line option. */
    public DataPipeline withOutputDir(Path folder) {
        this.settings = new PipelineSettings(folder, settings.shardTokens(), settings.validationFraction(),
                settings.threads(), settings.batchDocuments(), settings.queueBatches(), settings.eosToken(),
                settings.progressSeconds(), settings.seed());
        return this;
    }

    /** The topic clusters of the last {@link #prepare()}, when {@code data.clusters.enabled}. */
    public Optional<TopicModel> topicModel() {
        return Optional.ofNullable(topicModel);
    }

    /** The settings in force. */
    public PipelineSettings settings() {
        return settings;
    }

    private static List<String> stageNames(Config data, List<DataStage> stages) {
        List<String> names = new ArrayList<>();
        List<? extends Config> blocks = data.hasPath("stages") ? data.getConfigList("stages") : List.of();
        for (int i = 0; i < stages.size(); i++) {
            names.add(i < blocks.size() && blocks.get(i).hasPath("type") && blocks.size() == stages.size()
                    ? blocks.get(i).getString("type") : stages.get(i).getClass().getSimpleName());
        }
        return names;
    }

    private static List<SourceSpec> sources(Config data) {
        List<? extends Config> blocks;
        try {
            blocks = data.hasPath("sources") ? data.getConfigList("sources") : List.of();
        } catch (ConfigException e) {
            throw new BasaltException("data.sources must be a list of { path = \"...\" } blocks: " + e.getMessage(), e);
        }
        if (blocks.isEmpty()) {
            throw new BasaltException("data.sources is empty: add at least one { path = \"corpus/\" } block.");
        }
        List<SourceSpec> specs = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            SourceSpec spec = SourceSpec.fromConfig(blocks.get(i), "data.sources[" + i + "]");
            Integer clash = names.put(spec.name(), i);
            if (clash != null) {
                throw new BasaltException("data.sources[" + clash + "] and data.sources[" + i + "] are both named '"
                        + spec.name() + "'; give one a different name = \"...\".");
            }
            specs.add(spec);
        }
        return specs;
    }

    /** Runs the pipeline; returns the manifest that was written. */
    public ShardManifest prepare() {
        try {
            return run();
        } catch (IOException e) {
            throw new BasaltException("Cannot write shards to " + settings.outputDir() + ": " + e.getMessage(), e);
        }
    }

    private ShardManifest run() throws IOException {
        Path folder = settings.outputDir();
        Files.createDirectories(folder);
        int vocab = tokenizer.vocabSize();
        int eos = tokenizer.tokenId(settings.eosToken()).orElseThrow(() -> new BasaltException(
                "The tokenizer has no token \"" + settings.eosToken() + "\"; set data.eos-token to its end-of-text token."));
        TokenWidth width = TokenWidth.forVocabulary(vocab);
        String hash = ConfigHash.of(data, tokenizer, eos);
        ShardManifest existing = existingManifest(folder, hash);
        if (existing != null) {
            progress.accept("[data] " + folder + " already holds the shards of this configuration; nothing to do.");
            return existing;
        }
        Files.deleteIfExists(folder.resolve(ShardManifest.FILE_NAME));

        long started = System.nanoTime();
        List<List<Path>> files = sources.stream().map(SourceSpec::files).toList();
        long inputBytes = files.stream().flatMap(List::stream).mapToLong(DataPipeline::size).sum();
        Run run = new Run(inputBytes);
        if (clusters.enabled()) {
            topicModel = TopicFit.fit(clusters, sources, files, stages, progress);
            run.clusters = new ClusterTally(topicModel, clusters);
        }
        try (ShardWriter train = new ShardWriter(folder, ShardManifest.TRAIN, width, vocab, eos, settings.shardTokens(), hash);
             ShardWriter validation = new ShardWriter(folder, ShardManifest.VALIDATION, width, vocab, eos,
                     settings.shardTokens(), hash);
             Progress reporter = new Progress(settings.progressSeconds(), progress, run::status)) {
            if (!train.shards().isEmpty() || !validation.shards().isEmpty()) {
                progress.accept("[data] resuming: " + train.shards().size() + " train and " + validation.shards().size()
                        + " validation shards are finished and kept");
            }
            run.train = train;
            run.validation = validation;
            run.process(files);
            train.finish();
            validation.finish();
            reporter.close();
            ShardManifest manifest = new ShardManifest(ShardManifest.FORMAT_VERSION,
                    ConfigHash.fingerprint(tokenizer), vocab, eos, width, hash,
                    Map.of(ShardManifest.TRAIN, new ShardManifest.Split(train.shards()),
                            ShardManifest.VALIDATION, new ShardManifest.Split(validation.shards())),
                    ConfigValueFactory.fromMap(run.report((System.nanoTime() - started) / 1e9)).toConfig());
            manifest.write(folder);
            deleteMarkers(folder, train.shards().size(), validation.shards().size());
            progress.accept(run.summary(manifest, (System.nanoTime() - started) / 1e9));
            return manifest;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BasaltException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ShardManifest existingManifest(Path folder, String hash) {
        if (!Files.isRegularFile(folder.resolve(ShardManifest.FILE_NAME))) {
            return null;
        }
        ShardManifest manifest = ShardManifest.read(folder);
        if (!manifest.configHash().equals(hash)) {
            throw new BasaltException(folder + " already holds shards of a different data configuration "
                    + "(config hash " + manifest.configHash().substring(0, 12) + "); delete it or choose another data.output-dir.");
        }
        return manifest;
    }

    private static void deleteMarkers(Path folder, int trainShards, int validationShards) throws IOException {
        for (int i = 0; i < trainShards; i++) {
            Files.deleteIfExists(folder.resolve(String.format("%s-%05d.done", ShardManifest.TRAIN, i)));
        }
        for (int i = 0; i < validationShards; i++) {
            Files.deleteIfExists(folder.resolve(String.format("%s-%05d.done", ShardManifest.VALIDATION, i)));
        }
    }

    /** The state of one run: counters, the reader thread and the batch loop. */
    private final class Run {
        final long inputBytes;
        final LongAdder rawBytes = new LongAdder();
        final LongAdder documentsRead = new LongAdder();
        final LongAdder badRecords = new LongAdder();
        final List<String> badExamples = java.util.Collections.synchronizedList(new ArrayList<>());
        final long[] sourceRead = new long[sources.size()];
        final long[] sourceBad = new long[sources.size()];
        final long[] sourceWritten = new long[sources.size()];
        final long[] sourceTokens = new long[sources.size()];
        final Map<String, Integer> sourceIndex = new HashMap<>();
        final List<StageStats> stats = new ArrayList<>();
        final long startNanos = System.nanoTime();
        ShardWriter train;
        ShardWriter validation;
        ClusterTally clusters;

        Run(long inputBytes) {
            this.inputBytes = inputBytes;
            for (int i = 0; i < sources.size(); i++) {
                sourceIndex.put(sources.get(i).name(), i);
            }
            stageNames.forEach(name -> stats.add(new StageStats(name)));
        }

        void process(List<List<Path>> files) throws IOException {
            BlockingQueue<List<Document>> queue = new ArrayBlockingQueue<>(settings.queueBatches());
            AtomicReference<RuntimeException> readFailure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().name("basalt-data-reader").daemon().start(() -> {
                try {
                    read(files, queue);
                } catch (RuntimeException e) {
                    readFailure.set(e);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    queue.put(END);
                } catch (InterruptedException ignored) {
                    // the batch loop is gone; nothing waits for the end marker
                }
            });
            ForkJoinPool pool = new ForkJoinPool(settings.threads());
            List<Document> corpus = new ArrayList<>();
            try {
                while (true) {
                    List<Document> batch = queue.take();
                    if (batch == END) {
                        break;
                    }
                    if (corpusRunner == null) {
                        write(runStages(batch, pool), pool);
                    } else {
                        corpus.addAll(batch);
                    }
                }
                if (readFailure.get() != null) {
                    throw readFailure.get();
                }
                if (corpusRunner != null) {
                    writeInBatches(corpusRunner.run(corpus, stages,
                            (stage, in, kept, removed, chars, nanos) -> stats.get(stage).add(in, kept, removed, chars, nanos)),
                            pool);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BasaltException("The data pipeline was interrupted.", e);
            } finally {
                reader.interrupt();
                pool.shutdownNow();
            }
        }

        private void read(List<List<Path>> files, BlockingQueue<List<Document>> queue) throws InterruptedException {
            List<Document> batch = new ArrayList<>(settings.batchDocuments());
            for (int s = 0; s < sources.size(); s++) {
                int source = s;
                SourceReader reader = new SourceReader(sources.get(s), rawBytes);
                for (Path file : files.get(s)) {
                    List<Document>[] current = new List[] {batch};
                    try {
                        reader.read(file, new RecordVisitor() {
                            @Override
                            public void document(Document document) {
                                current[0].add(document);
                                documentsRead.increment();
                                sourceRead[source]++;
                                if (current[0].size() >= settings.batchDocuments()) {
                                    try {
                                        queue.put(current[0]);
                                    } catch (InterruptedException e) {
                                        throw new Stop();
                                    }
                                    current[0] = new ArrayList<>(settings.batchDocuments());
                                }
                            }

                            @Override
                            public void bad(BadRecord record) {
                                recordBad(source, record);
                            }
                        });
                    } catch (Stop stop) {
                        throw new InterruptedException();
                    }
                    batch = current[0];
                }
            }
            if (!batch.isEmpty()) {
                queue.put(batch);
            }
        }

        private void recordBad(int source, BadRecord record) {
            badRecords.increment();
            sourceBad[source]++;
            String line = sources.get(source).name() + "/" + record;
            if (badExamples.size() < BAD_RECORD_EXAMPLES) {
                badExamples.add(line);
            }
            if (badRecords.sum() <= BAD_RECORDS_PRINTED) {
                progress.accept("[data] bad record skipped: " + line);
            } else if (badRecords.sum() == BAD_RECORDS_PRINTED + 1) {
                progress.accept("[data] more bad records are counted in the manifest");
            }
        }

        /** Runs the batch through every stage; null entries are removed documents. */
        private List<Document> runStages(List<Document> batch, ForkJoinPool pool) {
            Document[] docs = batch.toArray(Document[]::new);
            int i = 0;
            while (i < stages.size()) {
                int from = i;
                boolean parallel = stages.get(i).threadSafe();
                while (i < stages.size() && stages.get(i).threadSafe() == parallel) {
                    i++;
                }
                int to = i;
                if (parallel && settings.threads() > 1) {
                    inPool(pool, () -> IntStream.range(0, docs.length).parallel()
                            .forEach(d -> docs[d] = applyStages(docs[d], from, to)));
                } else {
                    for (int d = 0; d < docs.length; d++) {
                        docs[d] = applyStages(docs[d], from, to);
                    }
                }
            }
            List<Document> kept = new ArrayList<>(docs.length);
            for (Document doc : docs) {
                if (doc != null) {
                    kept.add(doc);
                }
            }
            return kept;
        }

        private Document applyStages(Document document, int from, int to) {
            Document current = document;
            for (int s = from; s < to && current != null; s++) {
                StageStats stat = stats.get(s);
                stat.in.increment();
                stat.chars.add(current.text().length());
                long t0 = System.nanoTime();
                StageResult result = stages.get(s).apply(current);
                stat.nanos.add(System.nanoTime() - t0);
                if (result instanceof StageResult.Kept(Document out)) {
                    stat.kept.increment();
                    current = out;
                } else if (result instanceof StageResult.Removed(String reason)) {
                    stat.remove(reason);
                    current = null;
                }
            }
            return current;
        }

        private void writeInBatches(java.util.Iterator<Document> survivors, ForkJoinPool pool) throws IOException {
            List<Document> batch = new ArrayList<>(settings.batchDocuments());
            while (survivors.hasNext()) {
                batch.add(survivors.next());
                if (batch.size() >= settings.batchDocuments()) {
                    write(batch, pool);
                    batch = new ArrayList<>(settings.batchDocuments());
                }
            }
            write(batch, pool);
        }

        /** Splits, weights, tokenizes and writes the survivors of a batch, in order. */
        private void write(List<Document> kept, ForkJoinPool pool) throws IOException {
            record Placement(Document document, ShardWriter writer, int source, int cluster) {
            }
            int[] cluster = new int[kept.size()];
            if (clusters != null) {
                inPool(pool, () -> IntStream.range(0, cluster.length).parallel()
                        .forEach(d -> cluster[d] = clusters.model.assign(kept.get(d).text())));
            }
            List<Placement> placements = new ArrayList<>();
            for (int d = 0; d < kept.size(); d++) {
                Document doc = kept.get(d);
                int source = sourceIndex.getOrDefault(doc.source(), -1);
                boolean held = Hashing.unit(Hashing.hash64(doc.id(), settings.seed())) < settings.validationFraction();
                if (clusters != null) {
                    clusters.assigned(cluster[d], held);
                }
                int copies = held ? 1 : copies(doc, source, cluster[d]);
                for (int c = 0; c < copies; c++) {
                    ShardWriter writer = held ? validation : train;
                    if (writer.skipping()) {
                        writer.skip();
                    } else {
                        placements.add(new Placement(doc, writer, source, cluster[d]));
                    }
                }
            }
            int[][] ids = new int[placements.size()][];
            Runnable tokenize = () -> IntStream.range(0, ids.length).parallel().forEach(p -> {
                boolean sameAsPrevious = p > 0 && placements.get(p - 1).document() == placements.get(p).document();
                if (!sameAsPrevious) {
                    ids[p] = tokenizer.encode(placements.get(p).document().text());
                }
            });
            inPool(pool, tokenize);
            for (int p = 0; p < ids.length; p++) {
                if (ids[p] == null) {
                    ids[p] = ids[p - 1];
                }
                Placement placement = placements.get(p);
                placement.writer().add(ids[p], placement.document().id());
                if (placement.source() >= 0) {
                    sourceWritten[placement.source()]++;
                    sourceTokens[placement.source()] += ids[p].length + 1;
                }
                if (clusters != null && placement.writer() == train) {
                    clusters.trainCopy(placement.cluster(), ids[p].length + 1);
                }
            }
        }

        /** Training copies of a document: its source's weight times its cluster's, the fraction drawn by id. */
        private int copies(Document doc, int source, int cluster) {
            double weight = (source >= 0 ? sources.get(source).weight() : 1.0)
                    * (clusters != null ? clusters.weight(cluster) : 1.0);
            int whole = (int) Math.floor(weight);
            double fraction = weight - whole;
            boolean extra = fraction > 0
                    && Hashing.unit(Hashing.hash64(doc.id(), settings.seed() ^ 0x6a09e667f3bcc909L)) < fraction;
            return whole + (extra ? 1 : 0);
        }

        private void inPool(ForkJoinPool pool, Runnable task) {
            try {
                pool.submit(task).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BasaltException("The data pipeline was interrupted.", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new UncheckedIOException(new IOException(e.getCause()));
            }
        }

        String status() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double mb = rawBytes.sum() / 1e6;
            double rate = mb / Math.max(seconds, 1e-9);
            double remaining = Math.max(0, inputBytes - rawBytes.sum()) / 1e6;
            StringBuilder line = new StringBuilder(String.format(
                    "[data] read %,d docs, %.1f of %.1f MB (%.1f MB/s), ETA %s", documentsRead.sum(), mb,
                    inputBytes / 1e6, rate, rate > 0 ? formatSeconds(remaining / rate) : "?"));
            for (StageStats stat : stats) {
                double stageSeconds = stat.nanos.sum() / 1e9;
                line.append(String.format(" | %s %,d in, %,d out, %.0f docs/s, %.1f MB/s", stat.name, stat.in.sum(),
                        stat.kept.sum(), stat.in.sum() / Math.max(stageSeconds, 1e-9),
                        stat.chars.sum() / 1e6 / Math.max(stageSeconds, 1e-9)));
            }
            line.append(String.format(" | written: train %,d docs %,d tokens, validation %,d docs %,d tokens",
                    train.documents(), train.tokens(), validation.documents(), validation.tokens()));
            return line.toString();
        }

        Map<String, Object> report(double seconds) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("elapsed-seconds", seconds);
            report.put("input-bytes", inputBytes);
            report.put("documents-read", documentsRead.sum());
            List<Map<String, Object>> sourceReports = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                SourceSpec spec = sources.get(i);
                Map<String, Object> source = new LinkedHashMap<>();
                source.put("name", spec.name());
                source.put("path", spec.path().toString());
                source.put("weight", spec.weight());
                source.put("documents-read", sourceRead[i]);
                source.put("bad-records", sourceBad[i]);
                source.put("documents-written", sourceWritten[i]);
                source.put("tokens-written", sourceTokens[i]);
                sourceReports.add(source);
            }
            report.put("sources", sourceReports);
            report.put("stages", stats.stream().map(StageStats::toMap).toList());
            Map<String, Object> details = new LinkedHashMap<>();
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) instanceof ReportingStage reporting) {
                    details.put(i + "-" + stageNames.get(i), reporting.report());
                }
            }
            report.put("stage-details", details);
            if (clusters != null) {
                report.put("clusters", clusters.report());
            }
            Map<String, Object> bad = new LinkedHashMap<>();
            bad.put("count", badRecords.sum());
            bad.put("examples", List.copyOf(badExamples));
            report.put("bad-records", bad);
            return report;
        }

        String summary(ShardManifest manifest, double seconds) {
            StringBuilder out = new StringBuilder(String.format("[data] done in %s: %,d documents read (%,d bad records),"
                            + " %.1f MB at %.1f MB/s%n", formatSeconds(seconds), documentsRead.sum(), badRecords.sum(),
                    inputBytes / 1e6, inputBytes / 1e6 / Math.max(seconds, 1e-9)));
            for (StageStats stat : stats) {
                Map<String, Object> reasons = new java.util.TreeMap<>();
                stat.removed.forEach((reason, count) -> reasons.put(reason, count.sum()));
                out.append(String.format("[data]   %-16s %,10d in %,10d kept  removed %s%n", stat.name, stat.in.sum(),
                        stat.kept.sum(), reasons));
            }
            if (clusters != null) {
                out.append(clusters.summary());
            }
            for (String split : List.of(ShardManifest.TRAIN, ShardManifest.VALIDATION)) {
                ShardManifest.Split s = manifest.split(split);
                out.append(String.format("[data]   %-10s %,d documents, %,d tokens in %d shards (%s)%n", split,
                        s.documents(), s.tokens(), s.shards().size(), manifest.width()));
            }
            return out.toString().stripTrailing();
        }
    }

    static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%.1fs", seconds);
    }

    /** Unwinds the source reader when the batch loop stops. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
