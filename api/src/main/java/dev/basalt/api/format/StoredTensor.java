package dev.basalt.api.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: name, element type, shape, and its little-endian bytes (a slice of the mapped
 * file when read, or an in-memory segment when about to be written).
 *
 * @param name  the tensor's name in the file, e.g. {@code transformer.h.0.attn.c_attn.weight}
 * @param dtype element type
 * @param shape dimensions, outermost first; {@code []} is a scalar
 * @param data  exactly {@code elementCount() * dtype.bytes()} bytes
 */
public record StoredTensor(String name, StoredDType dtype, long[] shape, MemorySegment data) {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public StoredTensor {
        shape = shape.clone();
        long expected = elementCount(shape) * dtype.bytes();
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException(name + ": " + data.byteSize() + " bytes for shape "
                    + Arrays.toString(shape) + " of " + dtype + ", expected " + expected);
        }
    }

    /** An F32 tensor holding a copy of {@code values}. */
    public static StoredTensor ofFloats(String name, long[] shape, float[] values) {
        MemorySegment data = MemorySegment.ofArray(new byte[values.length * 4]);
        for (int i = 0; i < values.length; i++) {
            data.setAtIndex(F32, i, values[i]);
        }
        return new StoredTensor(name, StoredDType.F32, shape, data);
    }

    /** An I64 tensor holding a copy of {@code values}. */
    public static StoredTensor ofLongs(String name, long[] shape, long[] values) {
        MemorySegment data = MemorySegment.ofArray(new byte[values.length * 8]);
        for (int i = 0; i < values.length; i++) {
            data.setAtIndex(I64, i, values[i]);
        }
        return new StoredTensor(name, StoredDType.I64, shape, data);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The product of the dimensions. */
    public long elementCount() {
        return elementCount(shape);
    }

    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** The values as floats, widening F16 and BF16 and narrowing F64; integer types are refused. */
    public float[] toFloats() {
        int n = Math.toIntExact(elementCount());
        float[] out = new float[n];
        switch (dtype) {
            case F32 -> MemorySegment.copy(data, F32, 0, out, 0, n);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) data.getAtIndex(F64, i);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.float16ToFloat(data.getAtIndex(I16, i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((data.getAtIndex(I16, i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException(name + " holds " + dtype + ", not floating-point values");
        }
        return out;
    }

    /** The values as longs, for integer types. */
    public long[] toLongs() {
        int n = Math.toIntExact(elementCount());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case I64 -> data.getAtIndex(I64, i);
                case I32 -> data.getAtIndex(I32, i);
                case I16 -> data.getAtIndex(I16, i);
                case I8, BOOL -> data.get(ValueLayout.JAVA_BYTE, i);
                case U8 -> data.get(ValueLayout.JAVA_BYTE, i) & 0xff;
                default -> throw new IllegalStateException(name + " holds " + dtype + ", not integers");
            };
        }
        return out;
    }
}
