package dev.basalt.api.model;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A model architecture, chosen by {@code model.architecture}. Its factory reads the {@code model} block; the
 * architecture then builds fresh models or loads checkpoints.
 */
public interface Architecture {

    /** Which family of models this architecture builds, so objectives can check they fit. */
    ModelFamily family();

    /** The Hugging Face {@code model_type} values of {@code config.json} that {@link #load} reads. */
    Set<String> hfModelTypes();

    /**
     * A model with freshly initialised weights.
     *
     * @param tokenizerVocab ids the tokenizer produces; the model's vocabulary must hold them
     * @param seed           seeds every initial weight
     */
    LanguageModel create(int tokenizerVocab, long seed);

    /**
     * Loads a checkpoint folder in Hugging Face layout ({@code config.json} and {@code model.safetensors}, or a
     * sharded {@code model.safetensors.index.json}), checking every tensor name and shape.
     */
    LanguageModel load(Path folder);

    /**
     * Whether {@link #load} also reads {@code file}, a single file rather than a checkpoint folder (an ONNX graph,
     * for instance). Judged by the name only; the default reads folders only.
     */
    default boolean readsFile(Path file) {
        return false;
    }

    /**
     * An architecture of {@code family} that builds models with {@code create} and loads Hugging Face checkpoints
     * of the {@code hfModelTypes} with {@code load}.
     */
    static Architecture of(ModelFamily family, Set<String> hfModelTypes, Factory create,
                           Function<Path, LanguageModel> load) {
        return new Architecture() {
            @Override
            public ModelFamily family() {
                return family;
            }

            @Override
            public Set<String> hfModelTypes() {
                return hfModelTypes;
            }

            @Override
            public LanguageModel create(int tokenizerVocab, long seed) {
                return create.create(tokenizerVocab, seed);
            }

            @Override
            public LanguageModel load(Path folder) {
                return load.apply(folder);
            }
        };
    }

    /**
     * Like {@link #of}, for an architecture whose {@code read} turns the run's {@code model} block into the settings
     * that {@code create} builds a model from. Reads the block at once ({@link ModelSettings#checkNow}), so an
     * impossible shape is refused when the run is assembled, before any data or tokenizer work.
     */
    static <S> Architecture reading(Config model, IntFunction<S> read, ModelFamily family, Set<String> hfModelTypes,
                                    BiFunction<S, Long, LanguageModel> create, Function<Path, LanguageModel> load) {
        ModelSettings.checkNow(model, read);
        return of(family, hfModelTypes, (tokenizerVocab, seed) -> create.apply(read.apply(tokenizerVocab), seed), load);
    }

    /** What {@link #create} does, for {@link #of}. */
    @FunctionalInterface
    interface Factory {
        /** See {@link Architecture#create}. */
        LanguageModel create(int tokenizerVocab, long seed);
    }
}
