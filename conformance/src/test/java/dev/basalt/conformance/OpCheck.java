package dev.basalt.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.basalt.api.backend.Backend;
import dev.basalt.api.tensor.Backends;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.NoGrad;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One op checked three ways: its forward result against PyTorch's on the same values, the gradient of
 * {@code sum(out · R)} (R random) with respect to every floating input against PyTorch autograd, and that gradient
 * against central finite differences at a few coordinates. Tolerances are set per check, next to it.
 */
final class OpCheck {

    private final String name;
    private final List<Input> inputs = new ArrayList<>();
    private Function<List<Tensor>, Tensor> ours;
    private BiFunction<NDManager, List<NDArray>, NDArray> torch;
    private double forwardAbs = 1e-6;
    private double forwardRel = 1e-5;
    private double gradAbs = 1e-5;
    private double gradRel = 1e-4;
    private Boolean finiteDifferences;
    private int fdPoints = 3;
    private double fdStep = 1e-2;
    private double fdAbs = 5e-4;
    private double fdRel = 5e-3;
    private boolean skipKinks;
    private DType outputType;

    private OpCheck(String name) {
        this.name = name;
    }

    static OpCheck of(String name) {
        return new OpCheck(name);
    }

    OpCheck input(Input in) {
        inputs.add(in);
        return this;
    }

    OpCheck ours(Function<List<Tensor>, Tensor> f) {
        ours = f;
        return this;
    }

    OpCheck torch(BiFunction<NDManager, List<NDArray>, NDArray> f) {
        torch = f;
        return this;
    }

    OpCheck torch(Function<List<NDArray>, NDArray> f) {
        torch = (m, in) -> f.apply(in);
        return this;
    }

    /** Forward tolerance: {@code |ours - torch| <= abs + rel·|torch|}. */
    OpCheck forward(double abs, double rel) {
        forwardAbs = abs;
        forwardRel = rel;
        return this;
    }

    /** Gradient tolerance against PyTorch autograd. */
    OpCheck grad(double abs, double rel) {
        gradAbs = abs;
        gradRel = rel;
        return this;
    }

    /** Finite differences with step h at {@code points} coordinates per input, and their tolerance. */
    OpCheck fd(int points, double h, double abs, double rel) {
        finiteDifferences = true;
        fdPoints = points;
        fdStep = h;
        fdAbs = abs;
        fdRel = rel;
        return this;
    }

    /** No finite differences (large cases, half storage); the PyTorch gradient check still runs. */
    OpCheck noFd() {
        finiteDifferences = false;
        return this;
    }

    /**
     * For piecewise-linear ops (relu, abs, max, clamp): coordinates within h of a kink, seen as a second difference,
     * are skipped; elsewhere such a function is linear, so the check stays exact.
     */
    OpCheck skipKinks() {
        skipKinks = true;
        return this;
    }

    /** The result must have this storage type. */
    OpCheck outputType(DType t) {
        outputType = t;
        return this;
    }

    String name() {
        return name + " " + inputs;
    }

    /** Runs the whole check on {@code backend}. */
    void run(Backend backend) {
        long seed = name().hashCode() * 0x9e3779b97f4a7c15L;
        Ours mine = runOurs(backend, seed);
        Reference ref = runTorch(mine.r);
        assertArrayEquals(ref.shape, mine.shape, name() + ": result shape");
        Close.assertClose(name() + " forward", ref.out, mine.out, forwardAbs, forwardRel);
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).wantsGrad()) {
                Close.assertClose(name() + " d/d" + inputs.get(i).name, ref.grads[i], mine.grads[i], gradAbs, gradRel);
            }
        }
        boolean allF32 = inputs.stream().allMatch(in -> in.isIndex() || in.dtype() == DType.F32);
        int total = inputs.stream().mapToInt(Input::numel).sum();
        boolean fd = finiteDifferences != null ? finiteDifferences : allF32 && total <= 4096;
        if (fd) {
            finiteDifferences(backend, mine);
        }
    }

    private record Ours(float[] out, int[] shape, float[] r, float[][] grads) {
    }

    private record Reference(float[] out, int[] shape, float[][] grads) {
    }

    private Ours runOurs(Backend backend, long seed) {
        try (AutoCloseable ignored = Backends.use(backend); TensorScope scope = TensorScope.open()) {
            List<Input.Built> built = new ArrayList<>();
            List<Tensor> views = new ArrayList<>();
            for (Input in : inputs) {
                Input.Built b = in.build(in.wantsGrad());
                built.add(b);
                views.add(b.view());
            }
            Tensor out = ours.apply(views);
            if (outputType != null) {
                assertEquals(outputType, out.dtype(), name() + ": result type");
            }
            float[] values = out.toFloatArray();
            int[] shape = out.shape().toArray();
            float[] r = Input.gaussian(seed ^ 0x5deece66dL, values.length);
            float[][] grads = new float[inputs.size()][];
            if (inputs.stream().anyMatch(Input::wantsGrad)) {
                out.backward(Tensor.of(r, shape));
                for (int i = 0; i < inputs.size(); i++) {
                    Input in = inputs.get(i);
                    if (!in.wantsGrad()) {
                        continue;
                    }
                    Tensor g = built.get(i).leaf().grad();
                    if (g == null) {
                        fail(name() + ": no gradient reached " + in.name);
                    }
                    assertArrayEquals(built.get(i).leaf().shape().toArray(), g.shape().toArray(),
                            name() + ": gradient shape of " + in.name);
                    grads[i] = in.view(g).toFloatArray();
                    for (Tensor outside : in.outside(g)) {
                        for (float v : outside.toFloatArray()) {
                            assertEquals(0f, v, name() + ": gradient of " + in.name + " leaks outside its view");
                        }
                    }
                }
            }
            return new Ours(values, shape, r, grads);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    private Reference runTorch(float[] r) {
        try (NDManager m = Torch.open()) {
            List<NDArray> arrays = new ArrayList<>();
            for (Input in : inputs) {
                NDArray a = in.isIndex() ? Torch.longs(m, in.indices(), in.shape) : Torch.floats(m, in.values(), in.shape);
                if (in.wantsGrad()) {
                    a.setRequiresGradient(true);
                }
                arrays.add(a);
            }
            float[] out;
            int[] shape;
            try (GradientCollector collector = Torch.gradients()) {
                NDArray result = torch.apply(m, arrays);
                NDArray asFloat = result.getDataType() == DataType.FLOAT32 ? result : result.toType(DataType.FLOAT32, false);
                out = asFloat.toFloatArray();
                long[] dims = result.getShape().getShape();
                shape = new int[dims.length];
                for (int i = 0; i < dims.length; i++) {
                    shape[i] = Math.toIntExact(dims[i]);
                }
                if (inputs.stream().anyMatch(Input::wantsGrad)) {
                    collector.backward(result.mul(Torch.floats(m, r, shape)).sum());
                }
            }
            float[][] grads = new float[inputs.size()][];
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).wantsGrad()) {
                    grads[i] = arrays.get(i).getGradient().toFloatArray();
                }
            }
            return new Reference(out, shape, grads);
        }
    }

    /** {@code sum(out · r)} in double, with input {@code which}'s logical values replaced by {@code values}. */
    private double objective(Backend backend, int which, float[] values, float[] r) {
        try (AutoCloseable ignored = Backends.use(backend); TensorScope scope = TensorScope.open();
             NoGrad noGrad = NoGrad.enter()) {
            List<Tensor> views = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                views.add(i == which ? in.build(values, false).view() : in.build(false).view());
            }
            float[] out = ours.apply(views).toFloatArray();
            double sum = 0;
            for (int i = 0; i < out.length; i++) {
                sum += (double) out[i] * r[i];
            }
            return sum;
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    private void finiteDifferences(Backend backend, Ours mine) {
        SplittableRandom random = new SplittableRandom(name().hashCode());
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (!in.wantsGrad()) {
                continue;
            }
            float[] base = in.values();
            int n = base.length;
            int checked = 0;
            int[] candidates = new int[Math.min(n, fdPoints * 4)];
            for (int c = 0; c < candidates.length; c++) {
                candidates[c] = c == 0 ? 0 : c == 1 ? n - 1 : random.nextInt(n);
            }
            for (int k : candidates) {
                if (checked == fdPoints) {
                    break;
                }
                float[] plus = base.clone();
                float[] minus = base.clone();
                plus[k] = (float) (base[k] + fdStep);
                minus[k] = (float) (base[k] - fdStep);
                double fp = objective(backend, i, plus, mine.r);
                double fm = objective(backend, i, minus, mine.r);
                double numeric = (fp - fm) / ((double) plus[k] - minus[k]);
                if (skipKinks) {
                    double f0 = objective(backend, i, base, mine.r);
                    double secondDifference = Math.abs(fp - 2 * f0 + fm) / fdStep;
                    if (secondDifference > 1e-3 * Math.max(1, Math.abs(numeric))) {
                        continue;
                    }
                }
                double analytic = mine.grads[i][k];
                if (!(Math.abs(numeric - analytic) <= fdAbs + fdRel * Math.abs(numeric))) {
                    fail(name() + " d/d" + in.name + "[" + k + "]: autograd gives " + analytic
                            + ", central differences (h = " + fdStep + ") give " + numeric + " (tolerance " + fdAbs
                            + " + " + fdRel + "·|fd|)");
                }
                checked++;
            }
            assertTrue(checked > 0, name() + ": no coordinate of " + in.name + " was away from a kink; "
                    + Arrays.toString(candidates));
        }
    }
}
