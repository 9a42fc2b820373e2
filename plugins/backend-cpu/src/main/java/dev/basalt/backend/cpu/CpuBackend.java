package dev.basalt.backend.cpu;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;
import dev.basalt.api.ConfigOrigins;
import dev.basalt.api.backend.ActivationKernel;
import dev.basalt.api.backend.AdamWKernel;
import dev.basalt.api.backend.AttentionKernel;
import dev.basalt.api.backend.Backend;
import dev.basalt.api.backend.BinaryOp;
import dev.basalt.api.backend.CrossEntropyKernel;
import dev.basalt.api.backend.DropoutKernel;
import dev.basalt.api.backend.LayerNormKernel;
import dev.basalt.api.backend.ReduceOp;
import dev.basalt.api.backend.RmsNormKernel;
import dev.basalt.api.backend.RotaryKernel;
import dev.basalt.api.backend.ScalarOp;
import dev.basalt.api.backend.SoftmaxKernel;
import dev.basalt.api.backend.UnaryOp;
import dev.basalt.api.tensor.DType;
import dev.basalt.api.tensor.Storage;
import dev.basalt.api.tensor.Tensor;

import java.util.Map;

/**
 * The pure-Java CPU backend: heap storage, Vector API kernels, work split over {@code backend.threads}
 * threads. Implements every primitive and every fused kernel of the {@link Backend} contract.
 */
public final class CpuBackend implements Backend {

    private final int threads;
    private final Parallel parallel;
    private final ElementwiseKernels elementwise;
    private final ReduceKernels reductions;
    private final MatmulKernels matmul;
    private final IndexKernels index;
    private final Map<Class<?>, Object> fusedKernels;
    private final CpuStorage.Ledger ledger = new CpuStorage.Ledger();

    private CpuBackend(int threads) {
        this.threads = threads;
        this.parallel = new Parallel(threads);
        this.elementwise = new ElementwiseKernels(parallel);
        this.reductions = new ReduceKernels(parallel);
        this.matmul = new MatmulKernels(parallel);
        this.index = new IndexKernels(parallel);
        CpuAttention attention = new CpuAttention(this, parallel);
        this.fusedKernels = Map.of(
                SoftmaxKernel.class, new CpuSoftmax(this, parallel),
                LayerNormKernel.class, new CpuLayerNorm(this, parallel),
                RmsNormKernel.class, new CpuRmsNorm(this, parallel),
                CrossEntropyKernel.class, new CpuCrossEntropy(this, parallel),
                ActivationKernel.class, new CpuActivations(this, parallel),
                RotaryKernel.class, new CpuRotary(this, parallel),
                DropoutKernel.class, new CpuDropout(this, parallel),
                AdamWKernel.class, new CpuAdamW(parallel),
                AttentionKernel.class, attention);
    }

    /** A cpu backend with {@code threads} worker threads; fails with the flag to add when the Vector API is missing. */
    public static CpuBackend create(int threads) {
        if (!VectorSupport.present()) {
            throw new BasaltException(VectorSupport.availability().reason());
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        return new CpuBackend(threads);
    }

    /** Reads {@code threads} ({@code auto} or a positive count) from the {@code backend} block. */
    static CpuBackend fromConfig(Config config) {
        if (!VectorSupport.present()) {
            throw new BasaltException(VectorSupport.availability().reason());
        }
        return new CpuBackend(threadCount(config));
    }

    static int threadCount(Config config) {
        String value = config.getString("threads");
        if (value.equals("auto")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int count = Integer.parseInt(value);
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BasaltException(ConfigOrigins.describe(config.origin()) + ": backend.threads = '" + value
                + "' is not valid; use auto or a positive whole number");
    }

    public int threads() {
        return threads;
    }

    /**
     * Storages this backend allocated that are not yet released. A {@code TensorScope} releases what a step
     * allocated when it closes, so in a training loop this returns to the same value after every step; storages
     * left to the garbage collector (made outside any scope) stay counted.
     */
    public long liveStorages() {
        return ledger.storages.get();
    }

    /** The bytes of {@link #liveStorages()}. */
    public long liveBytes() {
        return ledger.bytes.get();
    }

    @Override
    public String description() {
        return "cpu: " + threads + " threads, Vector API " + ElementwiseKernels.S.vectorBitSize() + "-bit";
    }

    // ---- storage ----

    @Override
    public Storage allocate(DType dtype, long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cpu storage is limited to 2^31 elements, asked for " + size);
        }
        return new CpuStorage(dtype, (int) size, ledger);
    }

    @Override
    public Storage fromFloats(float[] data, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("fromFloats needs a floating dtype, got " + dtype);
        }
        CpuStorage s = new CpuStorage(dtype, data.length, ledger);
        if (dtype == DType.F32) {
            System.arraycopy(data, 0, s.floats(), 0, data.length);
        } else {
            for (int i = 0; i < data.length; i++) {
                s.set(i, data[i]);
            }
        }
        return s;
    }

    @Override
    public Storage fromInts(int[] data) {
        CpuStorage s = new CpuStorage(DType.I32, data.length, ledger);
        System.arraycopy(data, 0, s.ints(), 0, data.length);
        return s;
    }

    @Override
    public Storage fromLongs(long[] data) {
        CpuStorage s = new CpuStorage(DType.I64, data.length, ledger);
        for (int i = 0; i < data.length; i++) {
            s.setLong(i, data[i]);
        }
        return s;
    }

    @Override
    public float[] readFloats(Storage storage, long offset, int count) {
        CpuStorage s = (CpuStorage) storage;
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = s.get((int) offset + i);
        }
        return out;
    }

    @Override
    public int[] readInts(Storage storage, long offset, int count) {
        CpuStorage s = (CpuStorage) storage;
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = s.getInt((int) offset + i);
        }
        return out;
    }

    // ---- primitives ----

    @Override
    public void copy(Tensor src, Tensor dst) {
        elementwise.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        elementwise.fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        elementwise.unary(op, x, out);
    }

    @Override
    public void scalar(ScalarOp op, Tensor x, double s, Tensor out) {
        elementwise.scalar(op, x, s, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        elementwise.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        elementwise.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        reductions.reduce(op, x, dim, out);
    }

    @Override
    public void argMax(Tensor x, int dim, Tensor out) {
        reductions.argMax(x, dim, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, boolean transA, boolean transB, Tensor out, boolean accumulate) {
        matmul.matmul(a, b, transA, transB, out, accumulate);
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor idx, Tensor out) {
        index.indexSelect(x, dim, idx, out);
    }

    @Override
    public void indexAdd(Tensor target, int dim, Tensor idx, Tensor src) {
        index.indexAdd(target, dim, idx, src);
    }

    @Override
    public void gather(Tensor x, int dim, Tensor idx, Tensor out) {
        index.gather(x, dim, idx, out);
    }

    @Override
    public void scatterAdd(Tensor target, int dim, Tensor idx, Tensor src) {
        index.scatterAdd(target, dim, idx, src);
    }

    @Override
    public <K> K fused(Class<K> kernelType) {
        return kernelType.cast(fusedKernels.get(kernelType));
    }
}
