package dev.basalt.api;

/**
 * The descriptor through which a jar contributes implementations to Basalt.
 *
 * <p>Register the implementing class in {@code META-INF/services/dev.basalt.api.BasaltPlugin} (and in
 * {@code module-info} with {@code provides} when the jar is a named module). Discovery instantiates the
 * descriptor with its public no-argument constructor and calls {@link #contribute}; both must be cheap: no
 * native library loading and no I/O. Heavy work belongs in the {@link ComponentFactory} that is only called
 * when the user selects the component.
 *
 * <p>Default values for the configuration of each contributed component go in the jar's
 * {@code reference.conf}, under {@code basalt.<extension point id>.<component name>}; see {@link ExtensionPoint}.
 */
public interface BasaltPlugin {

    /**
     * The plugin's name: {@code [a-z][a-z0-9-]*} for plugins shipped with Basalt, and a dotted namespace
     * such as {@code acme.prefix-lm} for third parties.
     */
    String name();

    /** The plugin's own version, shown by {@code basalt plugins}. */
    String version();

    /**
     * The major version of the api this plugin was compiled against. Implement it as
     * {@code return ApiVersion.MAJOR;} so the compiler records the value at build time.
     */
    int apiMajor();

    /** Declares the components this plugin provides. Called once, at discovery. */
    void contribute(Contributions contributions);

    /**
     * Whether the plugin can work in this JVM, with the reason when it cannot. Must be cheap: look for a
     * class or a module, never load a native library.
     */
    default Availability availability() {
        return Availability.ok();
    }
}
