package dev.basalt.tokenizers;

import dev.basalt.api.BasaltException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SentencePiece {@code .model} file (a {@code ModelProto} protobuf) into the pipeline that Hugging
 * Face's converter builds for it: the compiled normalization rules, runs of spaces collapsed, Metaspace
 * {@code ▁} handling and a Unigram model.
 */
final class SentencePieceModel {
    private SentencePieceModel() {
    }

    private static final int NORMAL = 1;
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;
    private static final int BYTE = 6;

    static PipelineTokenizer load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BasaltException("Cannot read SentencePiece model " + file + ": " + e.getMessage());
        }
        String source = file.toString();
        try {
            return parse(bytes, source);
        } catch (ProtoReader.Truncated e) {
            throw new BasaltException("SentencePiece model " + source + " is not a valid ModelProto (" + e.getMessage()
                    + "); the file may be truncated.");
        }
    }

    static PipelineTokenizer parse(byte[] bytes, String source) throws ProtoReader.Truncated {
        List<String> pieces = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        int modelType = 1;
        boolean byteFallback = false;
        byte[] charsmap = null;
        boolean addDummyPrefix = true;
        boolean removeExtraWhitespace = true;
        ProtoReader r = new ProtoReader(bytes, 0, bytes.length);
        while (r.more()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                ProtoReader p = r.message();
                String piece = null;
                double score = 0;
                int type = NORMAL;
                while (p.more()) {
                    int t = p.tag();
                    switch (t >>> 3) {
                        case 1 -> piece = new String(p.bytes(), StandardCharsets.UTF_8);
                        case 2 -> score = p.fixed32Float();
                        case 3 -> type = (int) p.varint();
                        default -> p.skip(t);
                    }
                }
                if (piece == null) {
                    throw new BasaltException("SentencePiece model " + source + ": piece " + pieces.size() + " has no text.");
                }
                pieces.add(piece);
                scores.add(score);
                types.add(type);
            } else if (field == 2 && (tag & 7) == 2) {
                ProtoReader t = r.message();
                while (t.more()) {
                    int tt = t.tag();
                    switch (tt >>> 3) {
                        case 3 -> modelType = (int) t.varint();
                        case 35 -> byteFallback = t.varint() != 0;
                        default -> t.skip(tt);
                    }
                }
            } else if (field == 3 && (tag & 7) == 2) {
                ProtoReader n = r.message();
                while (n.more()) {
                    int nt = n.tag();
                    switch (nt >>> 3) {
                        case 2 -> charsmap = n.bytes();
                        case 3 -> addDummyPrefix = n.varint() != 0;
                        case 4 -> removeExtraWhitespace = n.varint() != 0;
                        default -> n.skip(nt);
                    }
                }
            } else {
                r.skip(tag);
            }
        }
        if (pieces.isEmpty()) {
            throw new BasaltException("SentencePiece model " + source + " has no pieces; is it a SentencePiece .model file?");
        }
        if (modelType != 1) {
            throw new BasaltException("SentencePiece model " + source + " has model_type " + modelType
                    + "; only Unigram models (model_type 1) are supported.");
        }
        int unkId = types.indexOf(UNKNOWN);
        double[] scoreArray = scores.stream().mapToDouble(Double::doubleValue).toArray();
        UnigramModel model = new UnigramModel(pieces, scoreArray, unkId, byteFallback, source);
        List<AddedToken> added = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            int type = types.get(i);
            if (type == CONTROL || type == UNKNOWN || type == USER_DEFINED) {
                added.add(new AddedToken(i, pieces.get(i), false, false, false, false, type != USER_DEFINED));
            }
        }
        List<Normalizer> norm = new ArrayList<>();
        if (charsmap != null && charsmap.length > 0) {
            norm.add(Precompiled.of(charsmap, source));
        }
        if (removeExtraWhitespace) {
            norm.add(new Normalizers.Replace(new Normalizers.RegexPattern(null, " {2,}",
                    java.util.regex.Pattern.compile(" {2,}")), " "));
        }
        String scheme = addDummyPrefix ? "always" : "never";
        List<Decoder> decoders = new ArrayList<>();
        decoders.add(new Decoders.Replace(new Normalizers.RegexPattern("▁", null, java.util.regex.Pattern.compile("▁")), " "));
        if (byteFallback) {
            decoders.add(new Decoders.ByteFallback());
        }
        decoders.add(new Decoders.Fuse());
        if (addDummyPrefix) {
            decoders.add(new Decoders.Strip(" ", 1, 0));
        }
        int eos = types.indexOf(CONTROL) >= 0 && pieces.contains("</s>") ? pieces.indexOf("</s>") : -1;
        PostProcessor post = eos >= 0 ? PostProcessors.Template.bosEos(null, -1, "</s>", eos) : null;
        return new PipelineTokenizer(new Normalizers.Sequence(norm), new PreTokenizers.Metaspace("▁", scheme, true),
                model, post, new Decoders.Sequence(decoders), added, null, null);
    }

    /** Just enough of the protobuf wire format to read a ModelProto. */
    static final class ProtoReader {
        static final class Truncated extends Exception {
            Truncated(String message) {
                super(message);
            }
        }

        private final byte[] buf;
        private int pos;
        private final int end;

        ProtoReader(byte[] buf, int from, int to) {
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        long varint() throws Truncated {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new Truncated("a number runs past the end at byte " + pos);
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new Truncated("a number is longer than 10 bytes at byte " + pos);
        }

        int tag() throws Truncated {
            return (int) varint();
        }

        byte[] bytes() throws Truncated {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new Truncated("a field of " + len + " bytes runs past the end at byte " + pos);
            }
            byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }

        ProtoReader message() throws Truncated {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new Truncated("a message of " + len + " bytes runs past the end at byte " + pos);
            }
            ProtoReader sub = new ProtoReader(buf, pos, pos + len);
            pos += len;
            return sub;
        }

        float fixed32Float() throws Truncated {
            if (pos + 4 > end) {
                throw new Truncated("a float runs past the end at byte " + pos);
            }
            int bits = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
            pos += 4;
            return Float.intBitsToFloat(bits);
        }

        void skip(int tag) throws Truncated {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int len = (int) varint();
                    pos += len;
                }
                case 5 -> pos += 4;
                default -> throw new Truncated("unknown wire type " + (tag & 7) + " at byte " + pos);
            }
            if (pos > end) {
                throw new Truncated("a field runs past the end");
            }
        }
    }
}
