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
 * empty). Lingua's confidence values are relative, not probabilities: the most likely language has 1.0 and each
 * other language a value below 1 saying how close it comes. A document is kept when its most likely language is
 * a kept one and the closest language that is not kept stays at least {@code min-relative-distance} below it.
 * Removal reasons name the most likely language, such as {@code language-german}, or are
 * {@code language-uncertain} when a kept language leads by less than that distance.
 */
public final class LanguageFilterStage implements DataStage {

    static final String NAME = "language-filter";

    private final LanguageDetector detector;
    private final Set<Language> keep;
    private final double minRelativeDistance;
    private final int sampleChars;

    LanguageFilterStage(List<String> keep, List<String> candidates, double minRelativeDistance, boolean lowAccuracy,
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
        this.minRelativeDistance = minRelativeDistance;
        this.sampleChars = sampleChars;
    }

    public static LanguageFilterStage fromConfig(Config config) {
        return StageConfig.read(NAME, config, c -> new LanguageFilterStage(c.getStringList("keep"),
                c.getStringList("candidates"), StageConfig.fraction(NAME, c, "min-relative-distance"),
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
        Language best = Language.UNKNOWN;
        double bestValue = 0;
        double closestOther = 0;
        for (Map.Entry<Language, Double> entry : confidences.entrySet()) {
            if (entry.getValue() > bestValue) {
                bestValue = entry.getValue();
                best = entry.getKey();
            }
            if (!keep.contains(entry.getKey())) {
                closestOther = Math.max(closestOther, entry.getValue());
            }
        }
        if (!keep.contains(best)) {
            return StageResult.remove("language-" + best.name().toLowerCase(Locale.ROOT));
        }
        double distance = (bestValue - closestOther) / bestValue;
        return distance > 0 && distance >= minRelativeDistance ? StageResult.keep(document)
                : StageResult.remove("language-uncertain");
    }
}
