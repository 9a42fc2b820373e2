package dev.basalt.api;

/**
 * Builds one component on demand. Basalt calls {@link #create} only for the component the configuration
 * selects, so a factory may do expensive work (load natives, read files) there.
 *
 * @param <T> the extension point's type
 */
@FunctionalInterface
public interface ComponentFactory<T> {

    /** Builds the component from its configuration block. */
    T create(ComponentContext context);

    /**
     * Whether the component can be built in this JVM, and why not. The default says yes. Must be cheap.
     */
    default Availability availability() {
        return Availability.ok();
    }
}
