package dev.basalt.backend.cpu;

import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.UnaryOp;

/** One-element versions of the element-wise ops, for tails, strided and half-precision paths. */
final class ScalarMath {

    private ScalarMath() {
    }

    static float unary(UnaryOp op, float x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case RSQRT -> (float) (1 / Math.sqrt(x));
            case TANH -> (float) Math.tanh(x);
            case ERF -> erf(x);
            case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
            case RELU -> x > 0 ? x : 0f;
            case ABS -> Math.abs(x);
            case RECIPROCAL -> 1 / x;
            case SQUARE -> x * x;
            case SIN -> (float) Math.sin(x);
            case COS -> (float) Math.cos(x);
            case STEP -> x > 0 ? 1f : 0f;
        };
    }

    static float scalar(ScalarOp op, float x, float s) {
        return switch (op) {
            case ADD -> x + s;
            case MUL -> x * s;
            case POW -> (float) Math.pow(x, s);
            case MAX -> Math.max(x, s);
            case MIN -> Math.min(x, s);
        };
    }

    static float binary(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1f : 0f;
            case GT -> a > b ? 1f : 0f;
        };
    }

    /**
     * The error function to about 1e-7 absolute: a rational (W. J. Cody style) approximation via erfc for
     * |x| &gt;= 0.5 and a Taylor series near zero, evaluated in double.
     */
    static float erf(float xf) {
        double x = xf;
        double ax = Math.abs(x);
        if (ax < 0.5) {
            double x2 = x * x;
            // Maclaurin series of erf: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x;
            double sum = x;
            for (int n = 1; n < 12; n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            return (float) (sum * 1.1283791670955126);
        }
        if (ax > 6) {
            return x > 0 ? 1f : -1f;
        }
        // erfc(ax) via the continued-fraction-free Numerical Recipes Chebyshev fit (relative error < 1.2e-7)
        double t = 1 / (1 + 0.5 * ax);
        double poly = -ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double erfc = t * Math.exp(poly);
        return (float) (x > 0 ? 1 - erfc : erfc - 1);
    }
}
