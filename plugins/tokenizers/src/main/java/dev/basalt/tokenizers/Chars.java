package dev.basalt.tokenizers;

/**
 * Character classes with the exact definitions the Hugging Face tokenizers (Rust) use, which differ from
 * {@link Character#isWhitespace} and friends.
 */
final class Chars {
    private Chars() {
    }

    /** Unicode White_Space, as Rust's {@code char::is_whitespace} and Oniguruma's {@code \s}. */
    static boolean isWhitespace(int c) {
        if (c < 0x80) {
            return c == ' ' || (c >= 9 && c <= 13);
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
                || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** {@code \p{L}}. */
    static boolean isLetter(int c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        return Character.isLetter(c);
    }

    /** {@code \p{N}}: decimal digits, letter numbers and other numbers. */
    static boolean isNumber(int c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9';
        }
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** {@code \p{P}}: any punctuation category. */
    static boolean isPunctuation(int c) {
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /** BERT's punctuation: every ASCII non-alphanumeric printable char, plus Unicode punctuation. */
    static boolean isBertPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        return c >= 0x80 && isPunctuation(c);
    }

    /** BERT's control chars: Cc, Cf and Co, except tab, newline and carriage return. */
    static boolean isBertControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE;
    }

    /** The CJK ideograph blocks BERT puts spaces around. */
    static boolean isCjk(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    /** Alphanumeric in Rust's sense ({@code char::is_alphanumeric}): Alphabetic or Numeric. */
    static boolean isAlphanumeric(int c) {
        return Character.isAlphabetic(c) || isNumber(c);
    }

    /** Regex {@code \w} in Unicode mode: letters, marks, numbers, connector punctuation. */
    static boolean isWordChar(int c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        int t = Character.getType(c);
        return Character.isAlphabetic(c) || t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK
                || t == Character.COMBINING_SPACING_MARK || t == Character.DECIMAL_DIGIT_NUMBER
                || t == Character.CONNECTOR_PUNCTUATION || Character.isIdeographic(c)
                || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }
}
