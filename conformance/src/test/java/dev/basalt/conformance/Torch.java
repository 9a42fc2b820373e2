package dev.basalt.conformance;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * PyTorch through DJL, offline, with the natives from the Maven jar: the reference the suite compares against.
 * One manager for the whole JVM; each check works in a sub-manager that it closes.
 */
final class Torch {

    private static NDManager root;

    private Torch() {
    }

    /** A new sub-manager of the process-wide PyTorch manager (loads the engine on first use). */
    static synchronized NDManager open() {
        if (root == null) {
            System.setProperty("ai.djl.offline", "true");
            root = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        }
        return root.newSubManager();
    }

    static GradientCollector gradients() {
        return Engine.getEngine("PyTorch").newGradientCollector();
    }

    static Shape shape(int... dims) {
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
        }
        return new Shape(d);
    }

    static NDArray floats(NDManager m, float[] values, int... dims) {
        return m.create(values, shape(dims));
    }

    static NDArray longs(NDManager m, int[] values, int... dims) {
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return m.create(v, shape(dims));
    }

    /** {@code x} with its last two dimensions swapped. */
    static NDArray transposeLast(NDArray x) {
        int r = x.getShape().dimension();
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) {
            axes[i] = i;
        }
        axes[r - 2] = r - 1;
        axes[r - 1] = r - 2;
        return x.transpose(axes);
    }
}
