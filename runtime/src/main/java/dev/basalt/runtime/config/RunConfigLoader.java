package dev.basalt.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.ExtensionPoint;
import dev.basalt.runtime.plugin.PluginRegistry;
import dev.basalt.runtime.plugin.RegisteredComponent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a user's run configuration and turns it into a {@link RunConfig}.
 *
 * <p>The defaults are layered like this: the runtime's general sections ({@code basalt.sections} in its
 * {@code reference.conf}), then, for each extension point, the defaults that the selected component's plugin
 * ships at {@code basalt.<point>.<name>}, placed at the point's block. The user's keys are checked against that
 * tree, so a key belongs to exactly one owner and a misspelt one is reported with file:line and a suggestion.
 */
public final class RunConfigLoader {

    private static final String SECTIONS = "basalt.sections";
    private static final String SOURCE_DEFAULTS = "basalt.data-source";

    private final PluginRegistry registry;
    private final ClassLoader resources;
    private final Config reference;
    private final List<String> presets;

    public RunConfigLoader(PluginRegistry registry) {
        this.registry = registry;
        this.resources = new ResourceUnionLoader(registry.loaders());
        this.reference = wrapConfigErrors("reference.conf",
                () -> ConfigFactory.parseResources(resources, "reference.conf").resolve());
        this.presets = PresetCatalog.list(resources);
    }

    /** The presets plugins ship, such as {@code presets/gpt2-small.conf}. */
    public List<String> presets() {
        return presets;
    }

    /**
     * Loads a config file, applies {@code key=value} overrides from the command line, and validates the result.
     */
    public RunConfig load(Path file, List<String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new BasaltException("The config file " + file + " does not exist or is not a file.");
        }
        Config user;
        try {
            user = wrapConfigErrors(file.toString(), () -> ConfigFactory.parseFile(file.toFile(), parseOptions()));
        } catch (BasaltException e) {
            if (e.getMessage().contains(file.toString())) {
                throw e;
            }
            throw new BasaltException(file + ": " + e.getMessage(), e);
        }
        return fromUserConfig(file.toString(), overrides(overrides).withFallback(user));
    }

    /** Loads an embedded config shipped as a class path resource (a sample or an embedded default). */
    public RunConfig loadResource(String resource, List<String> overrides) {
        Config user = wrapConfigErrors(resource,
                () -> ConfigFactory.parseResources(resources, resource, parseOptions().setAllowMissing(false)));
        return fromUserConfig(resource, overrides(overrides).withFallback(user));
    }

    /** Validates an already parsed user config. */
    public RunConfig fromUserConfig(String source, Config unresolved) {
        Config user = wrapConfigErrors(source, () -> unresolved.resolve(ConfigResolveOptions.defaults()));
        Config defaults = reference.hasPath(SECTIONS) ? reference.getConfig(SECTIONS) : ConfigFactory.empty();
        for (ExtensionPoint<?> point : ExtensionPoint.ALL) {
            if (!point.repeated()) {
                defaults = withComponentDefaults(point, user, defaults);
            }
        }
        ConfigValidator.validate(user.root(), defaults.root(), "", "");
        Config resolved = user.withFallback(defaults);
        resolved = withRepeatedBlocks(ExtensionPoint.DATA_STAGE, resolved);
        checkSources(resolved);
        RangeRules.check(reference, resolved);
        return new RunConfig(source, resolved);
    }

    private Config withComponentDefaults(ExtensionPoint<?> point, Config user, Config defaults) {
        String selector = point.block() + "." + point.selectorKey();
        Config chooser = user.hasPath(selector) ? user : defaults;
        if (!chooser.hasPath(selector)) {
            return defaults;
        }
        ConfigValue chosen = chooser.getValue(selector);
        String name = String.valueOf(chosen.unwrapped());
        if (chooser == defaults && registry.component(point, name).isEmpty()) {
            // A default that no installed plugin provides: the run has no such component until the user picks one.
            return defaults.withoutPath(selector);
        }
        RegisteredComponent component = require(point, name, chosen);
        Config own = componentDefaults(point, component.name());
        return own.atPath(point.block()).withFallback(defaults).withValue(selector, chosen);
    }

    private Config componentDefaults(ExtensionPoint<?> point, String name) {
        String path = point.defaultsPath(name);
        return reference.hasPath(path) ? reference.getConfig(path) : ConfigFactory.empty();
    }

    private Config withRepeatedBlocks(ExtensionPoint<?> point, Config resolved) {
        if (!resolved.hasPath(point.block())) {
            return resolved;
        }
        ConfigList list = ConfigValidator.requireList(resolved.getValue(point.block()), point.block());
        List<ConfigValue> merged = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = point.block() + "[" + i + "]";
            ConfigValue element = list.get(i);
            if (element.valueType() != ConfigValueType.OBJECT) {
                throw new BasaltException(ConfigOrigins.describe(element.origin()) + ": '" + path + "' must be a block like { "
                        + point.selectorKey() + " = ... }.");
            }
            ConfigObject block = (ConfigObject) element;
            ConfigValue chosen = block.get(point.selectorKey());
            if (chosen == null) {
                throw new BasaltException(ConfigOrigins.describe(element.origin()) + ": '" + path + "' has no '"
                        + point.selectorKey() + "'. Known " + point.id() + "s: " + known(point) + ".");
            }
            RegisteredComponent component = require(point, String.valueOf(chosen.unwrapped()), chosen);
            Config own = componentDefaults(point, component.name()).withValue(point.selectorKey(), chosen);
            ConfigValidator.validate(block, own.root(), path, " (" + point.id() + " " + component.name() + ")");
            merged.add(block.withFallback(own.root()));
        }
        return resolved.withValue(point.block(), ConfigValueFactory.fromIterable(merged).withOrigin(list.origin()));
    }

    /** Each {@code data.sources} block against the source settings a data plugin declares, when one is installed. */
    private void checkSources(Config resolved) {
        if (!reference.hasPath(SOURCE_DEFAULTS) || !resolved.hasPath("data.sources")) {
            return;
        }
        ConfigList sources = ConfigValidator.requireList(resolved.getValue("data.sources"), "data.sources");
        for (int i = 0; i < sources.size(); i++) {
            ConfigValue element = sources.get(i);
            String path = "data.sources[" + i + "]";
            if (element.valueType() != ConfigValueType.OBJECT) {
                throw new BasaltException(ConfigOrigins.describe(element.origin()) + ": '" + path
                        + "' must be a block like { path = \"corpus.txt\" }.");
            }
            ConfigValidator.validate((ConfigObject) element, reference.getObject(SOURCE_DEFAULTS), path, " (a source)");
        }
    }

    private RegisteredComponent require(ExtensionPoint<?> point, String name, ConfigValue chosen) {
        Optional<RegisteredComponent> component = registry.component(point, name);
        if (component.isPresent()) {
            return component.get();
        }
        Map<String, RegisteredComponent> known = registry.components(point);
        String hint = Suggestions.closest(name, known.keySet()).map(s -> " Did you mean '" + s + "'?").orElse("");
        throw new BasaltException(ConfigOrigins.describe(chosen.origin()) + ": " + point.selectorPath() + " = \"" + name
                + "\" is not a known " + point.id() + "." + hint + " Known " + point.id() + "s: " + known(point)
                + ". Another " + point.id() + " is added by putting its plugin jar in ./plugins, ~/.basalt/plugins"
                + " or a folder given with --plugins.");
    }

    private String known(ExtensionPoint<?> point) {
        Map<String, RegisteredComponent> known = registry.components(point);
        if (known.isEmpty()) {
            return "none (no installed plugin provides one)";
        }
        return known.values().stream()
                .map(c -> c.name() + " (from " + Path.of(c.source().location()).getFileName() + ")")
                .collect(Collectors.joining(", "));
    }

    /** Validates a run made of {@code key=value} overrides alone, for commands whose config file is optional. */
    public RunConfig fromOverrides(List<String> overrides) {
        return fromUserConfig("the command line", overrides(overrides));
    }

    /** Parses {@code key=value} overrides, each value's origin being its {@code --set} flag. */
    public Config overrides(List<String> overrides) {
        Config result = ConfigFactory.empty();
        for (String override : overrides) {
            if (!override.contains("=")) {
                throw new BasaltException("--set " + override + " is not of the form key=value, e.g. --set training.steps=500");
            }
            Config one = wrapConfigErrors("--set " + override, () -> ConfigFactory.parseString(override,
                    ConfigParseOptions.defaults().setOriginDescription("--set " + override).setSyntax(ConfigSyntax.CONF)));
            result = one.withFallback(result);
        }
        return result;
    }

    private ConfigParseOptions parseOptions() {
        return ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.CONF)
                .setAllowMissing(false)
                .setClassLoader(resources)
                .setIncluder(new PresetIncluder(resources, presets));
    }

    private static <T> T wrapConfigErrors(String what, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ConfigException e) {
            // Typesafe writes "file: 3: problem"; our messages, and editors, read "file:3: problem"
            String message = e.getMessage().replaceFirst("^(\\S[^:]*): (\\d+): ", "$1:$2: ");
            if (e.origin() == null && !message.contains(what)) {
                message = what + ": " + message;
            }
            throw new BasaltException(message, e);
        }
    }
}
