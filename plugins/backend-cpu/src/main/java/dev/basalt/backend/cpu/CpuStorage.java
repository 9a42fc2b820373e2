package dev.basalt.backend.cpu;

import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap storage of the cpu backend: a {@code float[]} for F32, a {@code short[]} of raw bits for BF16/F16,
 * an {@code int[]} or {@code long[]} for integers. Half types convert to fp32 on every read, so arithmetic
 * accumulates in fp32.
 */
final class CpuStorage implements Storage {

    /** Counts a backend's storages, and their bytes, from allocation until {@link #release()}. */
    static final class Ledger {
        final AtomicLong storages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }

    private final DType dtype;
    private final int size;
    private final Ledger ledger;
    private float[] f32;
    private short[] half;
    private int[] i32;
    private long[] i64;

    CpuStorage(DType dtype, int size, Ledger ledger) {
        this.dtype = dtype;
        this.size = size;
        this.ledger = ledger;
        switch (dtype) {
            case F32 -> f32 = new float[size];
            case BF16, F16 -> half = new short[size];
            case I32 -> i32 = new int[size];
            case I64 -> i64 = new long[size];
        }
        ledger.storages.incrementAndGet();
        ledger.bytes.addAndGet((long) size * dtype.byteSize());
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized void release() {
        if (isReleased()) {
            return;
        }
        ledger.storages.decrementAndGet();
        ledger.bytes.addAndGet(-(long) size * dtype.byteSize());
        f32 = null;
        half = null;
        i32 = null;
        i64 = null;
    }

    @Override
    public boolean isReleased() {
        return f32 == null && half == null && i32 == null && i64 == null;
    }

    private IllegalStateException released() {
        return new IllegalStateException("tensor storage was released when its TensorScope closed; keep() the tensor "
                + "or create it outside the scope");
    }

    /** The float array of an F32 storage. */
    float[] floats() {
        if (f32 == null) {
            throw dtype == DType.F32 ? released() : new IllegalStateException("not an F32 storage: " + dtype);
        }
        return f32;
    }

    /** The float array, or null for other types (no check). */
    float[] floatsOrNull() {
        return f32;
    }

    int[] ints() {
        if (i32 == null) {
            throw dtype == DType.I32 ? released() : new IllegalStateException("not an I32 storage: " + dtype);
        }
        return i32;
    }

    float get(int index) {
        switch (dtype) {
            case F32 -> {
                return floats()[index];
            }
            case BF16 -> {
                return Float.intBitsToFloat((halfArray()[index] & 0xffff) << 16);
            }
            case F16 -> {
                return Float.float16ToFloat(halfArray()[index]);
            }
            case I32 -> {
                return ints()[index];
            }
            default -> {
                return longArray()[index];
            }
        }
    }

    void set(int index, float value) {
        switch (dtype) {
            case F32 -> floats()[index] = value;
            case BF16 -> halfArray()[index] = toBf16(value);
            case F16 -> halfArray()[index] = Float.floatToFloat16(value);
            case I32 -> ints()[index] = (int) value;
            case I64 -> longArray()[index] = (long) value;
        }
    }

    /** An integer element (index tensors), exact for I64 values that fit an int. */
    int getInt(int index) {
        return switch (dtype) {
            case I32 -> ints()[index];
            case I64 -> Math.toIntExact(longArray()[index]);
            default -> (int) get(index);
        };
    }

    void setLong(int index, long value) {
        switch (dtype) {
            case I32 -> ints()[index] = Math.toIntExact(value);
            case I64 -> longArray()[index] = value;
            default -> set(index, value);
        }
    }

    long getLong(int index) {
        return dtype == DType.I64 ? longArray()[index] : getInt(index);
    }

    private short[] halfArray() {
        if (half == null) {
            throw released();
        }
        return half;
    }

    private long[] longArray() {
        if (i64 == null) {
            throw released();
        }
        return i64;
    }

    /** Round-to-nearest-even conversion of fp32 to bfloat16 bits (NaN stays NaN). */
    static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
