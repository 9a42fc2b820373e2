package dev.basalt.tokenizers;

import java.util.List;
import java.util.Map;

/** Turns token strings back into text pieces, which are then concatenated. */
interface Decoder {

    List<String> decodeChain(List<String> tokens);

    Map<String, Object> toJson();
}
