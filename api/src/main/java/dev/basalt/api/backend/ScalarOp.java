package dev.basalt.api.backend;

/** Element-wise functions of a tensor and one scalar {@code s}. */
public enum ScalarOp {
    /** x + s */
    ADD,
    /** x * s */
    MUL,
    /** x raised to s */
    POW,
    /** max(x, s) */
    MAX,
    /** min(x, s) */
    MIN
}
