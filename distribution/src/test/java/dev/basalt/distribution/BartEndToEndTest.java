package dev.basalt.distribution;

import java.util.List;

/**
 * A tiny BART trained with text infilling; the tokenizer carries BART's special tokens in BART's order ({@code <s>} =
 * 0, {@code <pad>} = 1, {@code </s>} = 2, as the model's default ids say) and {@code <mask>}.
 */
class BartEndToEndTest extends EncoderDecoderEndToEnd {

    @Override
    String name() {
        return "bart";
    }

    @Override
    String preset() {
        return "presets/bart-tiny.conf";
    }

    @Override
    String specialTokens() {
        return "\"<s>\", \"<pad>\", \"</s>\", \"<mask>\"";
    }

    @Override
    String objective() {
        return "text-infilling";
    }

    @Override
    String description() {
        return "bart (gelu, tied head)";
    }

    @Override
    List<String> configJsonLines() {
        return List.of("\"model_type\": \"bart\"", "\"decoder_start_token_id\": 2", "\"tie_word_embeddings\": true");
    }

    @Override
    String sample() {
        return "bart-text-infilling.conf";
    }

    @Override
    String sampleModelLine() {
        return "model\\.architecture = \"?bart\"? +# .*presets/bart-base\\.conf:\\d+";
    }
}
