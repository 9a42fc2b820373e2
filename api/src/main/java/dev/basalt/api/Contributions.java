package dev.basalt.api;

/** Collects what a {@link BasaltPlugin} provides. */
public interface Contributions {

    /**
     * Offers a component for an extension point under a name. The name follows the same rules as plugin
     * names: {@code [a-z][a-z0-9-]*}, or dotted for third parties ({@code acme.prefix-lm}).
     */
    <T> void add(ExtensionPoint<T> point, String name, ComponentFactory<? extends T> factory);
}
