package dev.basalt.backend.cpu.kernels;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** PyTorch through DJL, offline, with the natives from the Maven jar: the reference nobody on the team wrote. */
final class TorchReference {

    private TorchReference() {
    }

    static NDManager manager() {
        System.setProperty("ai.djl.offline", "true");
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    /** A rows×cols tensor from a strided region of {@code data}. */
    static NDArray matrix(NDManager manager, float[] data, int offset, int ld, int rows, int cols) {
        float[] dense = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, offset + r * ld, dense, r * cols, cols);
        }
        return manager.create(dense, new Shape(rows, cols));
    }

    static NDArray tensor(NDManager manager, float[] data, long... shape) {
        return manager.create(data, new Shape(shape));
    }
}
