package dev.basalt.api.tensor;

import java.util.Objects;

/**
 * Where a tensor's storage lives.
 *
 * @param kind  the device kind, such as {@code cpu} or {@code cuda}
 * @param index the device number within its kind
 */
public record Device(String kind, int index) {

    /** The host CPU. */
    public static final Device CPU = new Device("cpu", 0);

    public Device {
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return index == 0 ? kind : kind + ":" + index;
    }
}
