package dev.basalt.gpt;

import dev.basalt.api.tensor.Functional;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

/** Cosine and sine tables {@code [context, hd/2]} of the rotary embedding, computed once per model. */
final class RotaryTables {

    private final Tensor cos;
    private final Tensor sin;

    RotaryTables(int context, int headWidth, double theta) {
        Tensor[] tables = TensorScope.outside(() -> Functional.rotaryTables(0, context, headWidth, theta));
        cos = tables[0];
        sin = tables[1];
    }

    Tensor cos(int start, int length) {
        return cos.narrow(0, start, length);
    }

    Tensor sin(int start, int length) {
        return sin.narrow(0, start, length);
    }

    Tensor cosTable() {
        return cos;
    }

    Tensor sinTable() {
        return sin;
    }
}
