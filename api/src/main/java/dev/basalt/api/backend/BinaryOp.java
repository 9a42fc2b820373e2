package dev.basalt.api.backend;

/** Element-wise functions of two floating operands of the same (already broadcast) shape. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN,
    /** 1 where a == b, else 0 */
    EQ,
    /** 1 where a &gt; b, else 0 */
    GT
}
