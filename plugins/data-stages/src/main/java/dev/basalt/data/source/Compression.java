package dev.basalt.data.source;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The compression of a source file, told by its extension. */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    BZIP2(".bz2"),
    ZSTD(".zst");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    /** The compression of a file name; {@code .zstd} counts as zstd. */
    public static Compression of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            return GZIP;
        }
        if (name.endsWith(".bz2")) {
            return BZIP2;
        }
        if (name.endsWith(".zst") || name.endsWith(".zstd")) {
            return ZSTD;
        }
        return NONE;
    }

    /** The file name without its compression extension: {@code a.jsonl.gz} gives {@code a.jsonl}. */
    public static String stripExtension(String fileName) {
        Compression compression = of(fileName);
        if (compression == NONE) {
            return fileName;
        }
        int dot = fileName.lastIndexOf('.');
        return fileName.substring(0, dot);
    }

    /** Wraps a raw stream in the matching decompressor; concatenated gzip and bzip2 members are all read. */
    public InputStream decompress(InputStream raw) throws IOException {
        InputStream buffered = new BufferedInputStream(raw, 1 << 16);
        return switch (this) {
            case NONE -> buffered;
            case GZIP -> new GZIPInputStream(buffered, 1 << 16);
            case BZIP2 -> new BZip2CompressorInputStream(buffered, true);
            case ZSTD -> new ZstdCompressorInputStream(buffered);
        };
    }

    @Override
    public String toString() {
        return this == NONE ? "none" : extension.substring(1);
    }
}
