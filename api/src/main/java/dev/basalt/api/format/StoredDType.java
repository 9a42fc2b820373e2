package dev.basalt.api.format;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Element types of the safetensors format, with their names in the file header and their sizes in bytes. */
public enum StoredDType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    StoredDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The type named in a header, or {@code null} when the name is not one of the format's types. */
    static StoredDType byHeaderName(String name) {
        for (StoredDType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
