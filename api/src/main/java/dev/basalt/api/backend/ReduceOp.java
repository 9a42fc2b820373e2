package dev.basalt.api.backend;

/** Reductions over one dimension. Accumulation is in fp32 (or wider) whatever the storage type. */
public enum ReduceOp {
    SUM, MAX, MIN
}
