package dev.basalt.api.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code manifest.json} of a folder of packed token shards: what a training loop needs to read them, and
 * the report of the pipeline run that wrote them.
 *
 * <p>Layout of the folder: for each split ({@code train}, {@code validation}) a numbered series of shards.
 * A shard is two files: {@code <split>-NNNNN.bin}, the token ids of whole documents one after another, each
 * document followed by the end-of-sequence id {@link #eosId()}, each id stored little-endian in
 * {@link #width()} bytes; and {@code <split>-NNNNN.idx}, {@code documents + 1} little-endian int64 token
 * offsets into the {@code .bin} file (the first is 0, the last is the shard's token count; document
 * {@code i} with its EOS spans {@code [offset[i], offset[i+1])}). Only shards listed in the manifest are
 * complete; the manifest is written last and atomically, so a folder without one is an unfinished run.
 *
 * @param formatVersion   the version of this layout, {@link #FORMAT_VERSION}
 * @param tokenizer       a description of the tokenizer that produced the ids (class and fingerprint)
 * @param vocabSize       the tokenizer's vocabulary size; every stored id is below it
 * @param eosId           the id written after every document
 * @param width           bytes per stored id
 * @param configHash      SHA-256 of the data configuration and tokenizer, to tell runs apart
 * @param splits          the splits by name, in write order
 * @param report          free-form statistics of the run (sources, per-stage counts, bad records), for people
 */
public record ShardManifest(int formatVersion, String tokenizer, int vocabSize, int eosId, TokenWidth width,
                            String configHash, Map<String, Split> splits, Config report) {

    /** The current layout version. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name inside a shard folder. */
    public static final String FILE_NAME = "manifest.json";
    /** The name of the training split. */
    public static final String TRAIN = "train";
    /** The name of the held-out split. */
    public static final String VALIDATION = "validation";

    public ShardManifest {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(report, "report");
        splits = Map.copyOf(splits);
        if (eosId < 0 || eosId >= vocabSize) {
            throw new BasaltException("The EOS id " + eosId + " is outside the vocabulary 0.." + (vocabSize - 1) + ".");
        }
        if (vocabSize > width.idLimit()) {
            throw new BasaltException("A vocabulary of " + vocabSize + " ids does not fit " + width + ".");
        }
    }

    /**
     * One complete shard.
     *
     * @param tokensFile file name of the token array, relative to the folder
     * @param indexFile  file name of the document offsets, relative to the folder
     * @param documents  documents in the shard
     * @param tokens     ids in the shard, EOS ids included
     * @param crc32      CRC-32 of the token file's bytes
     */
    public record Shard(String tokensFile, String indexFile, long documents, long tokens, long crc32) {
        public Shard {
            Objects.requireNonNull(tokensFile, "tokensFile");
            Objects.requireNonNull(indexFile, "indexFile");
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("tokens-file", tokensFile);
            map.put("index-file", indexFile);
            map.put("documents", documents);
            map.put("tokens", tokens);
            map.put("crc32", crc32);
            return map;
        }

        static Shard fromConfig(Config config) {
            return new Shard(config.getString("tokens-file"), config.getString("index-file"),
                    config.getLong("documents"), config.getLong("tokens"), config.getLong("crc32"));
        }
    }

    /**
     * The shards of one split, in order.
     *
     * @param shards the complete shards
     */
    public record Split(List<Shard> shards) {
        public Split {
            shards = List.copyOf(shards);
        }

        /** Documents over all shards. */
        public long documents() {
            return shards.stream().mapToLong(Shard::documents).sum();
        }

        /** Token ids over all shards, EOS ids included. */
        public long tokens() {
            return shards.stream().mapToLong(Shard::tokens).sum();
        }
    }

    /** The named split, or an empty one when the run wrote none. */
    public Split split(String name) {
        return splits.getOrDefault(name, new Split(List.of()));
    }

    /** The manifest as formatted JSON. */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format-version", formatVersion);
        map.put("tokenizer", tokenizer);
        map.put("vocab-size", vocabSize);
        map.put("eos-id", eosId);
        map.put("token-bytes", width.bytes());
        map.put("config-hash", configHash);
        Map<String, Object> splitMap = new LinkedHashMap<>();
        splits.forEach((name, split) -> splitMap.put(name, split.shards().stream().map(Shard::toMap).toList()));
        map.put("splits", splitMap);
        map.put("report", report.root().unwrapped());
        return ConfigValueFactory.fromMap(map)
                .render(ConfigRenderOptions.concise().setJson(true).setFormatted(true)) + "\n";
    }

    /** Writes {@link #toJson()} to {@code folder/manifest.json} through a temporary file and an atomic move. */
    public void write(Path folder) throws IOException {
        writeAtomically(folder.resolve(FILE_NAME), toJson());
    }

    /** Reads the manifest of a shard folder. */
    public static ShardManifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new BasaltException(file + " does not exist: " + folder
                    + " is not a folder of packed shards, or the run that writes it has not finished.");
        }
        try {
            Config config = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setAllowMissing(false));
            int version = config.getInt("format-version");
            if (version != FORMAT_VERSION) {
                throw new BasaltException(file + ": format-version " + version + " is not supported; this Basalt reads "
                        + FORMAT_VERSION + ".");
            }
            Map<String, Split> splits = new LinkedHashMap<>();
            ConfigObject splitObject = config.getObject("splits");
            for (String name : splitObject.keySet()) {
                List<Shard> shards = new ArrayList<>();
                for (Config shard : splitObject.toConfig().getConfigList(ConfigUtil.quoteString(name))) {
                    shards.add(Shard.fromConfig(shard));
                }
                splits.put(name, new Split(shards));
            }
            return new ShardManifest(version, config.getString("tokenizer"), config.getInt("vocab-size"),
                    config.getInt("eos-id"), TokenWidth.ofBytes(config.getInt("token-bytes")),
                    config.getString("config-hash"), splits,
                    config.hasPath("report") ? config.getConfig("report") : ConfigFactory.empty());
        } catch (ConfigException e) {
            throw new BasaltException(file + " is not a valid shard manifest: " + e.getMessage(), e);
        }
    }

    /** Writes text to a file through a temporary sibling and an atomic rename, so readers never see half a file. */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
