package dev.basalt.runtime.checkpoint;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.api.backend.Backend;
import dev.basalt.api.model.Architecture;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tokenizer.Tokenizer;
import dev.basalt.api.tokenizer.Tokenizers;
import dev.basalt.runtime.assembly.Assembly;
import dev.basalt.runtime.config.RunConfig;
import dev.basalt.runtime.config.RunConfigLoader;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.train.CheckpointStore;
import dev.basalt.runtime.plugin.RegisteredComponent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A model checkpoint folder ready to use: a Basalt checkpoint (with its {@code basalt.conf}) or a plain Hugging
 * Face folder, whose {@code config.json} {@code model_type} picks the architecture; or a single model file (an ONNX
 * graph) that an installed architecture reads ({@link Architecture#readsFile}), with its tokenizer beside it.
 *
 * @param assembly  the run's components (backend already made current)
 * @param model     the weights, loaded and checked
 * @param tokenizer the folder's tokenizer
 */
public record LoadedCheckpoint(Assembly assembly, LanguageModel model, Tokenizer tokenizer) {

    public static LoadedCheckpoint open(Path folder, PluginRegistry registry, List<String> overrides) {
        return open(folder, registry, overrides, null);
    }

    /**
     * @param tokenizerFile the tokenizer to use instead of the one found beside the model, or null
     */
    public static LoadedCheckpoint open(Path folder, PluginRegistry registry, List<String> overrides, Path tokenizerFile) {
        if (Files.isRegularFile(folder)) {
            return openFile(folder, registry, overrides, tokenizerFile);
        }
        if (!Files.exists(folder)) {
            throw new BasaltException(folder + " does not exist (working directory " + Path.of("").toAbsolutePath()
                    + "); give a checkpoint folder (runs/<name>/step-NNNNNN), a run folder, or a Hugging Face model"
                    + " folder with config.json and model.safetensors.");
        }
        if (!Files.isDirectory(folder)) {
            throw new BasaltException(folder + " is not a checkpoint folder (runs/<name>/step-NNNNNN, or a Hugging Face"
                    + " model folder with config.json and model.safetensors).");
        }
        folder = latestIfRunFolder(folder);
        RunConfigLoader loader = new RunConfigLoader(registry);
        Path conf = folder.resolve("basalt.conf");
        RunConfig config = Files.isRegularFile(conf) ? loader.load(conf, overrides)
                : loader.fromUserConfig(folder + "/config.json", ConfigFactory.parseString(
                        "model.architecture = \"" + architectureFor(folder, registry) + "\"")
                        .withFallback(loader.overrides(overrides)));
        Assembly assembly = Assembly.of(registry, config);
        Backend backend = assembly.component(ExtensionPoint.BACKEND);
        Backends.setDefault(backend);
        Architecture architecture = assembly.component(ExtensionPoint.ARCHITECTURE);
        LanguageModel model = architecture.load(folder);
        model.module().eval();
        Path besideModel = folder.resolve("tokenizer.json");
        Tokenizer tokenizer = Tokenizers.load(tokenizerFile != null ? tokenizerFile
                : Files.isRegularFile(besideModel) ? besideModel : folder);
        return new LoadedCheckpoint(assembly, model, tokenizer);
    }

    private static LoadedCheckpoint openFile(Path file, PluginRegistry registry, List<String> overrides, Path tokenizerFile) {
        String architectureName = null;
        for (RegisteredComponent c : registry.components(ExtensionPoint.ARCHITECTURE).values()) {
            Architecture probe = probe(c);
            if (probe != null && probe.readsFile(file)) {
                architectureName = c.name();
                break;
            }
        }
        if (architectureName == null) {
            throw new BasaltException(file + " is a file that no installed architecture reads (they read checkpoint"
                    + " folders; the bert architecture also reads .onnx encoders).");
        }
        RunConfigLoader loader = new RunConfigLoader(registry);
        RunConfig config = loader.fromUserConfig(file.toString(), ConfigFactory.parseString(
                "model.architecture = \"" + architectureName + "\"").withFallback(loader.overrides(overrides)));
        Assembly assembly = Assembly.of(registry, config);
        Backends.setDefault(assembly.component(ExtensionPoint.BACKEND));
        Architecture architecture = assembly.component(ExtensionPoint.ARCHITECTURE);
        LanguageModel model = architecture.load(file);
        model.module().eval();
        return new LoadedCheckpoint(assembly, model, Tokenizers.load(tokenizerFile != null ? tokenizerFile
                : tokenizerBeside(file)));
    }

    /** {@code tokenizer.json} in the model file's folder, or {@code NAME-tokenizer.json} beside {@code NAME.onnx}. */
    private static Path tokenizerBeside(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path named = file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-tokenizer.json");
        Path plain = file.resolveSibling("tokenizer.json");
        if (Files.isRegularFile(named)) {
            return named;
        }
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new BasaltException("No tokenizer for " + file + ": neither " + named.getFileName() + " nor "
                + plain.getFileName() + " is beside it; name one with --tokenizer FILE.");
    }

    private static Architecture probe(RegisteredComponent c) {
        try {
            return (Architecture) c.factory().create(new ProbeContext(c.name()));
        } catch (RuntimeException e) {
            return null; // an architecture that cannot be built from its defaults alone cannot be probed
        }
    }

    /** A run folder ({@code runs/NAME}, with a {@code latest} file) stands for its latest checkpoint. */
    public static Path latestIfRunFolder(Path folder) {
        if (Files.isRegularFile(folder.resolve("basalt.conf")) || Files.isRegularFile(folder.resolve("config.json"))
                || !Files.isRegularFile(folder.resolve("latest"))) {
            return folder;
        }
        try {
            return new CheckpointStore(folder, 1).latest().orElseThrow(() -> new BasaltException(
                    folder + " is a run folder without any checkpoint yet (its latest file names none that exists)."));
        } catch (java.io.IOException e) {
            throw new BasaltException("Cannot read the run folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String architectureFor(Path folder, PluginRegistry registry) {
        Path file = folder.resolve("config.json");
        String type;
        if (!Files.isRegularFile(file)) {
            throw new BasaltException(folder + " is not a model folder: it has neither basalt.conf (a Basalt checkpoint,"
                    + " runs/NAME/step-NNNNNN) nor config.json (a Hugging Face model).");
        }
        try {
            Config json = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.JSON).setAllowMissing(false));
            type = json.getString("model_type");
        } catch (ConfigException e) {
            throw new BasaltException(folder + " has neither basalt.conf nor a readable config.json with a model_type: "
                    + e.getMessage(), e);
        }
        for (RegisteredComponent c : registry.components(ExtensionPoint.ARCHITECTURE).values()) {
            Architecture probe = probe(c);
            if (probe != null && probe.hfModelTypes().contains(type)) {
                return c.name();
            }
        }
        throw new BasaltException(file + ": model_type \"" + type + "\" is read by no installed architecture; they read "
                + registry.components(ExtensionPoint.ARCHITECTURE).values().stream()
                .map(c -> c.name()).collect(Collectors.joining(", ")) + ".");
    }

    /** Builds an architecture with its defaults only, to ask which model types it reads. */
    private record ProbeContext(String name) implements dev.basalt.api.ComponentContext {
        @Override
        public Config config() {
            return ConfigFactory.empty();
        }

        @Override
        public <T> T component(ExtensionPoint<T> point) {
            throw new BasaltException("an architecture must not need other components just to be probed");
        }
    }
}
