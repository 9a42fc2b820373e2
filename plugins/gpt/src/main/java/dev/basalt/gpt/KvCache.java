package dev.basalt.gpt;

import dev.basalt.api.model.CausalLanguageModel;
import dev.basalt.api.tensor.Tensor;
import dev.basalt.api.tensor.TensorScope;

import java.util.List;

/** Keys and values of every layer for the tokens decoded so far: {@code [rows, kvHeads, length, headWidth]}. */
final class KvCache implements CausalLanguageModel.DecoderCache {

    private final Tensor[] keys;
    private final Tensor[] values;
    private int length;

    KvCache(int layers) {
        keys = new Tensor[layers];
        values = new Tensor[layers];
    }

    @Override
    public int length() {
        return length;
    }

    /** Appends a layer's new keys and values and returns the full ones, cached part first. */
    Tensor[] append(int layer, Tensor k, Tensor v) {
        Tensor fullK = keys[layer] == null ? k : Tensor.concat(List.of(keys[layer], k), 2);
        Tensor fullV = values[layer] == null ? v : Tensor.concat(List.of(values[layer], v), 2);
        keys[layer] = TensorScope.untracked(fullK.detach());
        values[layer] = TensorScope.untracked(fullV.detach());
        return new Tensor[] {fullK, fullV};
    }

    /** Called once all layers have appended the new tokens. */
    void advance(int tokens) {
        length += tokens;
    }
}
