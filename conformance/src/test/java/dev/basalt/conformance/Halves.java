package dev.basalt.conformance;

import dev.basalt.api.tensor.DType;

/** Rounding of fp32 values to the storage types, written from the IEEE and bfloat16 definitions. */
final class Halves {

    private Halves() {
    }

    /** {@code v} rounded to {@code dtype} and widened back to fp32 (round to nearest, ties to even). */
    static float round(DType dtype, float v) {
        return switch (dtype) {
            case F32 -> v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BF16 -> {
                if (Float.isNaN(v)) {
                    yield v;
                }
                int bits = Float.floatToRawIntBits(v);
                int lower = bits & 0xffff;
                int upper = bits & 0xffff0000;
                boolean roundUp = lower > 0x8000 || lower == 0x8000 && (upper & 0x10000) != 0;
                yield Float.intBitsToFloat(roundUp ? upper + 0x10000 : upper);
            }
            default -> throw new IllegalArgumentException(dtype + " is not a floating type");
        };
    }

    static float[] round(DType dtype, float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = round(dtype, values[i]);
        }
        return out;
    }

    /** The spacing of {@code dtype} values just above 1: the unit of relative rounding error. */
    static double epsilon(DType dtype) {
        return switch (dtype) {
            case F32 -> 0x1p-23;
            case F16 -> 0x1p-10;
            case BF16 -> 0x1p-7;
            default -> throw new IllegalArgumentException(dtype + " is not a floating type");
        };
    }
}
