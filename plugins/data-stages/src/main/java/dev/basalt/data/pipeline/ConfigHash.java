package dev.basalt.data.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.basalt.api.data.ShardManifest;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.data.cluster.ClusterSettings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * SHA-256 over what decides a run's output: the {@code data} block in a canonical form (keys sorted, values
 * resolved), the tokenizer's fingerprint and the shard format version. Two runs with equal hashes write
 * identical shards from identical input files.
 */
final class ConfigHash {

    static final String PROBE = "The quick brown fox jumps over the lazy dog. 0123456789 Ünïcødé 日本語 🙂\n\t<|endoftext|>";

    private ConfigHash() {
    }

    static String of(Config data, Tokenizer tokenizer, int eosId) {
        Config hashed = data;
        for (String key : PipelineSettings.NOT_HASHED) {
            hashed = hashed.withoutPath(key);
        }
        if (!ClusterSettings.fromConfig(data).enabled()) {
            // switched-off clusters change nothing written, so their settings do not tell runs apart
            hashed = hashed.withoutPath("clusters");
        }
        StringBuilder text = new StringBuilder();
        canonical(hashed.root(), text);
        text.append("|tokenizer=").append(fingerprint(tokenizer)).append("|eos=").append(eosId)
                .append("|format=").append(ShardManifest.FORMAT_VERSION);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Class, vocabulary size and the encoding of a fixed probe text. */
    static String fingerprint(Tokenizer tokenizer) {
        return tokenizer.getClass().getName() + "/vocab=" + tokenizer.vocabSize() + "/probe="
                + Integer.toHexString(Arrays.hashCode(tokenizer.encode(PROBE)));
    }

    private static void canonical(ConfigValue value, StringBuilder out) {
        if (value instanceof ConfigObject object) {
            out.append('{');
            for (String key : new TreeSet<>(object.keySet())) {
                out.append('"').append(key).append("\":");
                canonical(object.get(key), out);
                out.append(',');
            }
            out.append('}');
        } else if (value instanceof ConfigList list) {
            out.append('[');
            for (ConfigValue element : list) {
                canonical(element, out);
                out.append(',');
            }
            out.append(']');
        } else {
            out.append(value.valueType()).append(':').append(value.unwrapped());
        }
    }
}
