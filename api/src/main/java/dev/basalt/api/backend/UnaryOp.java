package dev.basalt.api.backend;

/** Element-wise functions of one floating operand that every backend implements. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, RSQRT, TANH, ERF, SIGMOID, RELU, ABS, RECIPROCAL, SQUARE, SIN, COS,
    /** 1 where x &gt; 0, else 0: the derivative of relu. */
    STEP
}
