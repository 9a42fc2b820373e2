package dev.basalt.objectives;

import dev.basalt.api.objective.RunTokenizer;
import dev.basalt.api.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/** A tokenizer over a fixed list of token strings (id = index), for sampling tests; it cannot encode text. */
final class FakeTokenizer implements Tokenizer {

    static final String FILE = "/runs/test/tokenizer.json";

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Set<Integer> special = new TreeSet<>();

    FakeTokenizer(List<String> tokens, Set<String> specialTokens) {
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
            if (specialTokens.contains(tokens.get(i))) {
                special.add(i);
            }
        }
    }

    RunTokenizer run(String endOfText) {
        return new RunTokenizer(this, FILE, ids.get(endOfText));
    }

    int id(String token) {
        return ids.get(token);
    }

    @Override
    public int[] encode(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(tokens.get(id).replace('Ġ', ' ').replace('▁', ' ').replace("##", ""));
        }
        return text.toString();
    }

    @Override
    public int vocabSize() {
        return tokens.size();
    }

    @Override
    public OptionalInt tokenId(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public Optional<String> token(int id) {
        return id >= 0 && id < tokens.size() ? Optional.of(tokens.get(id)) : Optional.empty();
    }

    @Override
    public Set<Integer> specialIds() {
        return special;
    }

    @Override
    public Optional<Map.Entry<Integer, String>> padToken() {
        for (String pad : List.of("[PAD]", "<pad>")) {
            if (ids.containsKey(pad)) {
                return Optional.of(new AbstractMap.SimpleImmutableEntry<>(ids.get(pad), pad));
            }
        }
        return Optional.empty();
    }

    @Override
    public void save(Path file) {
        throw new UnsupportedOperationException();
    }
}
