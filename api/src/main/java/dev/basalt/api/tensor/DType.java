package dev.basalt.api.tensor;

/** Element types a tensor can store. Floating types compute in fp32; half types only change the storage. */
public enum DType {
    /** 32-bit IEEE float. */
    F32(4, true),
    /** bfloat16 storage; arithmetic accumulates in fp32. */
    BF16(2, true),
    /** IEEE half storage; arithmetic accumulates in fp32. */
    F16(2, true),
    /** 32-bit signed integer, used for token ids and indices. */
    I32(4, false),
    /** 64-bit signed integer, used for indices. */
    I64(8, false);

    private final int bytes;
    private final boolean floating;

    DType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return bytes;
    }

    /** True for F32, BF16 and F16. */
    public boolean isFloating() {
        return floating;
    }

    /** True for BF16 and F16, the storage-only types. */
    public boolean isHalf() {
        return this == BF16 || this == F16;
    }
}
