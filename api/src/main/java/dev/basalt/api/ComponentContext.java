package dev.basalt.api;

import com.typesafe.config.Config;

/** What a {@link ComponentFactory} gets to build its component. */
public interface ComponentContext {

    /** The name the component was selected by, for example {@code gpt}. */
    String name();

    /**
     * The component's configuration block: the user's values over the defaults that the plugin's
     * {@code reference.conf} gives for this component. Keys were already checked against those defaults.
     */
    Config config();

    /** The component selected for another extension point of the same run, built on first request. */
    <T> T component(ExtensionPoint<T> point);
}
