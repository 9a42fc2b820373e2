package dev.basalt.api.model;

/** The three shapes of transformer that architectures and objectives are matched by. */
public enum ModelFamily {
    /** Bidirectional stack over one sequence (BERT). */
    ENCODER,
    /** Causal stack over one sequence (GPT, Llama). */
    DECODER,
    /** An encoder read by a causal decoder through cross-attention (T5, BART). */
    ENCODER_DECODER
}
