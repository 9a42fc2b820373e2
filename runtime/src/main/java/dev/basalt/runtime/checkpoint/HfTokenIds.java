package dev.basalt.runtime.checkpoint;

import dev.basalt.api.format.AtomicFiles;
import dev.basalt.api.model.EncoderModel;
import dev.basalt.api.model.LanguageModel;
import dev.basalt.api.model.Seq2SeqLanguageModel;
import dev.basalt.api.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Adds the special token ids that Hugging Face reads from {@code config.json} ({@code bos_token_id},
 * {@code eos_token_id}, {@code pad_token_id}) to a model folder an architecture has just written. The model does not
 * know its tokenizer; without these ids transformers falls back to GPT-2's 50256, outside a smaller vocabulary.
 * A key the architecture already wrote is kept.
 */
public final class HfTokenIds {

    private HfTokenIds() {
    }

    /**
     * @param model    the model just written: only a decoder gets {@code bos_token_id} (GPT-style models begin with the
     *                 end-of-text token; T5 has no such id, and BART and BERT write or lack their own)
     * @param eosToken the run's end-of-text token ({@code data.eos-token})
     */
    public static void addTo(Path folder, LanguageModel model, Tokenizer tokenizer, String eosToken) throws IOException {
        Path file = folder.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        String json = Files.readString(file).strip();
        Map<String, Integer> ids = new LinkedHashMap<>();
        OptionalInt eos = tokenizer.tokenId(eosToken);
        boolean decoder = !(model instanceof Seq2SeqLanguageModel) && !(model instanceof EncoderModel);
        if (eos.isPresent()) {
            if (decoder) {
                ids.put("bos_token_id", eos.getAsInt());
            }
            ids.put("eos_token_id", eos.getAsInt());
        }
        tokenizer.padToken().ifPresent(pad -> ids.put("pad_token_id", pad.getKey()));
        StringBuilder added = new StringBuilder();
        ids.forEach((key, id) -> {
            if (!json.contains("\"" + key + "\"")) {
                added.append("\n  \"").append(key).append("\": ").append(id).append(',');
            }
        });
        if (added.isEmpty() || !json.startsWith("{")) {
            return;
        }
        boolean empty = json.substring(1).strip().equals("}");
        String body = empty ? added.substring(0, added.length() - 1) + "\n}" : added + json.substring(1);
        AtomicFiles.writeString(file, "{" + body + (body.endsWith("\n") ? "" : "\n"));
    }
}
