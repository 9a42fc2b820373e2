package dev.basalt.data.pipeline;

import com.typesafe.config.Config;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.PackedShards;
import dev.basalt.api.data.StageResult;
import dev.basalt.api.data.TokenSequence;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.data.source.BadRecord;
import dev.basalt.data.source.RecordVisitor;
import dev.basalt.data.source.SourceReader;
import dev.basalt.data.source.SourceSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** The {@code local} data engine: the {@link DataPipeline} in this process, its shards read back as token streams. */
public final class LocalDataEngine implements DataEngine {

    @Override
    public Iterable<String> texts(Config data, List<DataStage> stages, long maxBytes) {
        return texts(data, stages, maxBytes, bad -> { });
    }

    @Override
    public Iterable<String> texts(Config data, List<DataStage> stages, long maxBytes, Consumer<String> badRecords) {
        List<String> texts = new ArrayList<>();
        long[] bytes = {0};
        List<? extends Config> blocks = data.getConfigList("sources");
        outer:
        for (int i = 0; i < blocks.size(); i++) {
            SourceSpec spec = SourceSpec.fromConfig(blocks.get(i), "data.sources[" + i + "]");
            SourceReader reader = new SourceReader(spec, new LongAdder());
            for (Path file : spec.files()) {
                if (bytes[0] >= maxBytes) {
                    break outer;
                }
                reader.read(file, new RecordVisitor() {
                    @Override
                    public void document(Document document) {
                        if (bytes[0] >= maxBytes) {
                            return;
                        }
                        Document kept = document;
                        for (DataStage stage : stages) {
                            if (stage.apply(kept) instanceof StageResult.Kept k) {
                                kept = k.document();
                            } else {
                                return;
                            }
                        }
                        texts.add(kept.text());
                        bytes[0] += kept.text().length();
                    }

                    @Override
                    public void bad(BadRecord record) {
                        badRecords.accept(record.toString());
                    }
                });
            }
        }
        return texts;
    }

    @Override
    public PreparedCorpus prepare(Config data, List<DataStage> stages, Tokenizer tokenizer, Path folder,
                                  Consumer<String> progress) {
        new DataPipeline(data, stages, tokenizer).withOutputDir(folder).withProgress(progress).prepare();
        return open(folder);
    }

    /** The token streams of the shards in {@code folder}, as {@link #prepare} returns them. */
    public static PreparedCorpus open(Path folder) {
        PackedShards shards = PackedShards.open(folder);
        return new PreparedCorpus() {
            @Override
            public TokenSequence train() {
                return shards.train();
            }

            @Override
            public TokenSequence validation() {
                return shards.validation();
            }

            @Override
            public void close() {
                shards.close();
            }
        };
    }
}
