package dev.basalt.distribution;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny T5 trained with span corruption; the tokenizer carries T5's special tokens ({@code <pad>} = 0 and
 * {@code </s>} = 1, as the model's default ids say, and sentinels {@code <extra_id_N>}).
 */
class T5EndToEndTest extends EncoderDecoderEndToEnd {

    @Override
    String name() {
        return "t5";
    }

    @Override
    String preset() {
        return "presets/t5-tiny.conf";
    }

    @Override
    String specialTokens() {
        return "\"<pad>\", \"</s>\", "
                + String.join(", ", IntStream.range(0, 12).mapToObj(i -> "\"<extra_id_" + i + ">\"").toList());
    }

    @Override
    String objective() {
        return "span-corruption";
    }

    @Override
    String description() {
        return "t5 (gated-gelu, untied head)";
    }

    @Override
    List<String> configJsonLines() {
        return List.of("\"model_type\": \"t5\"", "\"feed_forward_proj\": \"gated-gelu\"");
    }

    @Override
    String sample() {
        return "t5-span-corruption.conf";
    }

    @Override
    String sampleModelLine() {
        return "model\\.variant = \"v1\\.1\" +# .*presets/t5-v1\\.1-small\\.conf:\\d+";
    }

    /** Span corruption trains the answer to begin with the first masked span's sentinel, which stays printed. */
    @Test
    void anAnswerKeepsTheSentinelsThatNameTheMaskedSpans() {
        Cli cli = generateWith("--prompt", "the cat <extra_id_0> on a mat", "--temperature", "0", "--beams", "1");
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().startsWith("<extra_id_0>"), cli.out());
    }

    /** The model ends this answer within a few tokens, so the largest --max-tokens must cost no more than that. */
    @Test
    void theLargestTokenLimitReservesNothingUpFront() {
        Cli bounded = generateWith("--prompt", "the cat sat on", "--temperature", "0", "--beams", "1", "--max-tokens",
                "1000");
        Cli largest = generateWith("--prompt", "the cat sat on", "--temperature", "0", "--beams", "1", "--max-tokens",
                "" + Integer.MAX_VALUE);
        assertEquals(0, largest.exitCode(), largest.err());
        assertEquals(bounded.out(), largest.out());
    }
}
