package dev.basalt.api.tensor;

import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.UnaryOp;

/** Element-wise ops, each forward next to its backward. */
final class ElementwiseOps {

    private ElementwiseOps() {
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Raw.binary(op, a, b);
        return Autograd.record(op.name().toLowerCase(), out, g -> switch (op) {
            case ADD -> grads(g, a, g, b);
            case SUB -> grads(g, a, g.neg(), b);
            case MUL -> grads(g.mul(b), a, g.mul(a), b);
            case DIV -> grads(g.div(b), a, g.mul(a).div(b.square()).neg(), b);
            case MAX -> {                                   // ties go to a
                Tensor toB = Raw.binary(BinaryOp.GT, b, a);
                yield grads(g.mul(toB.neg().add(1f)), a, g.mul(toB), b);
            }
            case MIN -> {
                Tensor toB = Raw.binary(BinaryOp.GT, a, b);
                yield grads(g.mul(toB.neg().add(1f)), a, g.mul(toB), b);
            }
            case EQ, GT -> new Tensor[] {null, null};
        }, a, b);
    }

    private static Tensor[] grads(Tensor ga, Tensor a, Tensor gb, Tensor b) {
        return new Tensor[] {ReduceOps.sumTo(ga, a.shape()), ReduceOps.sumTo(gb, b.shape())};
    }

    static Tensor scalar(ScalarOp op, Tensor x, double s) {
        Tensor out = Raw.scalar(op, x, s);
        return Autograd.record(op.name().toLowerCase() + "_scalar", out, g -> new Tensor[] {switch (op) {
            case ADD -> g;
            case MUL -> g.mul((float) s);
            case POW -> g.mul(x.pow((float) (s - 1)).mul((float) s));
            // clamp passes the gradient where the input is inside the bound, bound included (as PyTorch)
            case MAX -> g.mul(Raw.binary(BinaryOp.GT, constant(x, s), x).neg().add(1f));
            case MIN -> g.mul(Raw.binary(BinaryOp.GT, x, constant(x, s)).neg().add(1f));
        }}, x);
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        Tensor y = Raw.unary(op, x);
        return Autograd.record(op.name().toLowerCase(), y, g -> new Tensor[] {switch (op) {
            case NEG -> g.neg();
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case SQRT -> g.mul(0.5f).div(y);
            case RSQRT -> g.mul(y.square().mul(y)).mul(-0.5f);
            case TANH -> g.mul(y.square().neg().add(1f));
            case ERF -> g.mul(x.square().neg().exp().mul((float) (2 / Math.sqrt(Math.PI))));
            case SIGMOID -> g.mul(y.mul(y.neg().add(1f)));
            case RELU -> g.mul(Raw.unary(UnaryOp.STEP, x));
            case ABS -> g.mul(Raw.unary(UnaryOp.STEP, x).sub(Raw.unary(UnaryOp.STEP, x.neg())));
            case RECIPROCAL -> g.mul(y.square()).neg();
            case SQUARE -> g.mul(x).mul(2f);
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case STEP -> null;
        }}, x);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Tensor out = Raw.where(cond, a, b);
        return Autograd.record("where", out, g -> {
            Tensor zero = constant(g, 0);
            return new Tensor[] {null, ReduceOps.sumTo(Raw.where(cond, g, zero), a.shape()),
                    ReduceOps.sumTo(Raw.where(cond, zero, g), b.shape())};
        }, cond, a, b);
    }

    /** A rank-0 F32 constant on the same backend as {@code like}. */
    static Tensor constant(Tensor like, double value) {
        Tensor c = Raw.empty(like.backend(), DType.F32, Shape.of());
        like.backend().fill(c, value);
        return c;
    }
}
