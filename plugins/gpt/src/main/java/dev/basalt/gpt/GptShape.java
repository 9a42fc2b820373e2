package dev.basalt.gpt;

import com.typesafe.config.Config;
import dev.basalt.api.BasaltException;

/**
 * The hyper-parameters of a decoder, read from the {@code model} block.
 *
 * @param layers    transformer blocks
 * @param heads     attention heads
 * @param kvHeads   key/value heads (fewer than {@code heads} for grouped-query attention)
 * @param width     model width (d_model)
 * @param context   the longest sequence the model attends over
 * @param vocabSize token ids the embedding table holds
 */
public record GptShape(int layers, int heads, int kvHeads, int width, int context, int vocabSize) {

    static GptShape fromConfig(Config model) {
        GptShape shape = new GptShape(model.getInt("layers"), model.getInt("heads"), model.getInt("kv-heads"),
                model.getInt("width"), model.getInt("context"), model.getInt("vocab-size"));
        shape.validate(model);
        return shape;
    }

    private void validate(Config model) {
        String where = model.origin().description();
        positive(where, "layers", layers);
        positive(where, "heads", heads);
        positive(where, "kv-heads", kvHeads);
        positive(where, "width", width);
        positive(where, "context", context);
        positive(where, "vocab-size", vocabSize);
        if (width % heads != 0) {
            throw new BasaltException(where + ": model.width (" + width + ") must be a multiple of model.heads ("
                    + heads + ")");
        }
        if (heads % kvHeads != 0) {
            throw new BasaltException(where + ": model.heads (" + heads + ") must be a multiple of model.kv-heads ("
                    + kvHeads + ")");
        }
    }

    private static void positive(String where, String key, int value) {
        if (value <= 0) {
            throw new BasaltException(where + ": model." + key + " = " + value + " must be positive");
        }
    }
}
