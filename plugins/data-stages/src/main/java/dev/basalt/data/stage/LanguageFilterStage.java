package dev.basalt.data.stage;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.data.Document;
import dev.basalt.api.data.StageResult;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps documents written in one of the {@code keep} languages, identified with Lingua (n-gram models bundled
 * in its jar, so it works offline). The detector chooses among {@code candidates} (all spoken languages when
 * empty); a document is kept when the summed confidence of the kept languages reaches {@code min-confidence}.
 * Removal reasons name the most likely language, such as {@code language-german}.
 */
public final class LanguageFilterStage implements DataStage {

    static final String NAME = "language-filter";

    private final LanguageDetector detector;
    private final Set<Language> keep;
    private final double minConfidence;
    private final int sampleChars;

    LanguageFilterStage(List<String> keep, List<String> candidates, double minConfidence, boolean lowAccuracy,
                        int sampleChars) {
        this.keep = languages(keep, "keep");
        if (this.keep.isEmpty()) {
            throw new BasaltException("data.stages: language-filter.keep is empty; name at least one language, e.g. [english].");
        }
        Set<Language> among = languages(candidates, "candidates");
        LanguageDetectorBuilder builder;
        if (among.isEmpty()) {
            builder = LanguageDetectorBuilder.fromAllSpokenLanguages();
        } else {
            among.addAll(this.keep);
            if (among.size() < 2) {
                throw new BasaltException("data.stages: language-filter.candidates must name at least two languages "
                        + "(with keep), or be empty for all.");
            }
            builder = LanguageDetectorBuilder.fromLanguages(among.toArray(Language[]::new)).withPreloadedLanguageModels();
        }
        if (lowAccuracy) {
            builder = builder.withLowAccuracyMode();
        }
        this.detector = builder.build();
        this.minConfidence = minConfidence;
        this.sampleChars = sampleChars;
    }

    public static LanguageFilterStage fromConfig(Config config) {
        return StageConfig.read(NAME, config, c -> new LanguageFilterStage(c.getStringList("keep"),
                c.getStringList("candidates"), StageConfig.fraction(NAME, c, "min-confidence"),
                c.getBoolean("low-accuracy"), StageConfig.positive(NAME, c, "sample-chars")));
    }

    private static Set<Language> languages(List<String> names, String key) {
        Set<Language> set = EnumSet.noneOf(Language.class);
        for (String name : names) {
            try {
                Language language = Language.valueOf(name.toUpperCase(Locale.ROOT));
                if (language == Language.UNKNOWN) {
                    throw new IllegalArgumentException();
                }
                set.add(language);
            } catch (IllegalArgumentException e) {
                throw new BasaltException("data.stages: language-filter." + key + " has \"" + name
                        + "\", which is not a Lingua language name (english, german, chinese, ...).");
            }
        }
        return set;
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public StageResult apply(Document document) {
        String text = document.text();
        String sample = text.length() <= sampleChars ? text : text.substring(0, sampleChars);
        Map<Language, Double> confidences = detector.computeLanguageConfidenceValues(sample);
        double kept = 0;
        Language best = Language.UNKNOWN;
        double bestValue = -1;
        for (Map.Entry<Language, Double> entry : confidences.entrySet()) {
            if (keep.contains(entry.getKey())) {
                kept += entry.getValue();
            }
            if (entry.getValue() > bestValue) {
                bestValue = entry.getValue();
                best = entry.getKey();
            }
        }
        if (kept >= minConfidence && kept > 0) {
            return StageResult.keep(document);
        }
        return StageResult.remove("language-" + best.name().toLowerCase(Locale.ROOT));
    }
}
