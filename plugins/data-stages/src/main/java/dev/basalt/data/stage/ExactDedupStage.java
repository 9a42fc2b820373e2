package dev.basalt.data.stage;

import com.typesafe.config.Config;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes documents whose content hash was seen before. The hash (128 bits, two independent 64-bit hashes) is
 * taken after normalisation: NFKC, and by default lower case and whitespace runs collapsed, so copies that
 * differ only in case or spacing count as the same. The first copy survives. Memory: 16 bytes per distinct
 * document, at a load factor of at most 3/4.
 */
public final class ExactDedupStage implements DataStage {

    static final String NAME = "dedup-exact";
    /** The removal reason of a copy. */
    public static final String REASON = "exact-duplicate";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final boolean lowercase;
    private final boolean collapseWhitespace;
    private final LongPairSet seen = new LongPairSet();

    ExactDedupStage(boolean lowercase, boolean collapseWhitespace) {
        this.lowercase = lowercase;
        this.collapseWhitespace = collapseWhitespace;
    }

    public static ExactDedupStage fromConfig(Config config) {
        return StageConfig.read(NAME, config, c -> new ExactDedupStage(c.getBoolean("lowercase"),
                c.getBoolean("collapse-whitespace")));
    }

    @Override
    public StageResult apply(Document document) {
        long[] key = contentKey(document.text());
        boolean first = seen.add(key[0], key[1]);
        return first ? StageResult.keep(document) : StageResult.remove(REASON);
    }

    /** The 128-bit content hash of a text, as two longs: equal for texts this stage calls duplicates. */
    public long[] contentKey(String text) {
        String key = Normalizer.normalize(text, Normalizer.Form.NFKC);
        if (lowercase) {
            key = key.toLowerCase(Locale.ROOT);
        }
        if (collapseWhitespace) {
            key = WHITESPACE.matcher(key).replaceAll(" ").strip();
        }
        return new long[] {Hashing.hash64(key, 0x243f6a8885a308d3L), Hashing.hash64(key, 0x13198a2e03707344L)};
    }
}
