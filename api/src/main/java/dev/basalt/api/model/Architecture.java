package dev.basalt.api.model;

/** A model architecture, chosen by {@code model.architecture}. Its configuration block is {@code model}. */
public interface Architecture {

    /** Which family of models this architecture builds, so objectives can check they fit. */
    ModelFamily family();
}
