package dev.basalt.api;

import dev.basalt.api.backend.Backend;
import dev.basalt.api.data.DataEngine;
import dev.basalt.api.data.DataStage;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.objective.Objective;
import dev.basalt.api.tokenizer.TokenizerTrainer;

import java.util.List;

/**
 * A named choice in a run's configuration: the kind of component, the configuration block that configures
 * it, and the key inside that block which names the chosen implementation.
 *
 * <p>For example {@link #ARCHITECTURE} is configured by the block {@code model} and chosen by
 * {@code model.architecture}. A plugin's defaults for its component {@code gpt} live in its
 * {@code reference.conf} at {@code basalt.architecture.gpt}; the keys there are the only keys (besides the
 * selector) a user may write in the {@code model} block when {@code gpt} is chosen.
 *
 * @param id          the point's identifier, used in {@code reference.conf} paths and messages
 * @param type        the interface every component of this point implements
 * @param block       the configuration path of the block (a list of blocks when {@code repeated})
 * @param selectorKey the key inside the block that names the implementation
 * @param repeated    true when the block is a list, each element choosing its own implementation
 * @param <T>         the component type
 */
public record ExtensionPoint<T>(String id, Class<T> type, String block, String selectorKey, boolean repeated) {

    /** Compute backends, chosen by {@code backend.type}. */
    public static final ExtensionPoint<Backend> BACKEND =
            new ExtensionPoint<>("backend", Backend.class, "backend", "type", false);
    /** Tokenizer families, chosen by {@code tokenizer.type}. */
    public static final ExtensionPoint<TokenizerTrainer> TOKENIZER =
            new ExtensionPoint<>("tokenizer", TokenizerTrainer.class, "tokenizer", "type", false);
    /** Model architectures, chosen by {@code model.architecture}. */
    public static final ExtensionPoint<Architecture> ARCHITECTURE =
            new ExtensionPoint<>("architecture", Architecture.class, "model", "architecture", false);
    /** Training objectives, chosen by {@code objective.type}. */
    public static final ExtensionPoint<Objective> OBJECTIVE =
            new ExtensionPoint<>("objective", Objective.class, "objective", "type", false);
    /** Data pipeline stages, each element of {@code data.stages} chosen by its {@code type}. */
    public static final ExtensionPoint<DataStage> DATA_STAGE =
            new ExtensionPoint<>("data-stage", DataStage.class, "data.stages", "type", true);

    /** Data pipeline engines, chosen by {@code data.engine}. */
    public static final ExtensionPoint<DataEngine> DATA_ENGINE =
            new ExtensionPoint<>("data-engine", DataEngine.class, "data", "engine", false);

    /** Every extension point, in the order they are listed to users. */
    public static final List<ExtensionPoint<?>> ALL =
            List.of(BACKEND, TOKENIZER, ARCHITECTURE, OBJECTIVE, DATA_ENGINE, DATA_STAGE);

    /** The full path of the selector, for messages: {@code model.architecture}, {@code data.stages[*].type}. */
    public String selectorPath() {
        return repeated ? block + "[*]." + selectorKey : block + "." + selectorKey;
    }

    /** Where a plugin's {@code reference.conf} keeps the defaults of its component {@code name}. */
    public String defaultsPath(String name) {
        return "basalt." + id + ".\"" + name + "\"";
    }
}
