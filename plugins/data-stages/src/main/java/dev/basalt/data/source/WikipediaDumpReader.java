package dev.basalt.data.source;

import dev.basalt.api.data.Document;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.Locale;

/**
 * Streams the articles of a MediaWiki XML dump ({@code pages-articles*.xml[.bz2]}) with StAX, one page in
 * memory at a time. Pages outside the main namespace and redirects are skipped; the wikitext of the rest
 * becomes plain text through {@link WikiText}.
 */
final class WikipediaDumpReader {

    private final String label;
    private final String sourceName;

    WikipediaDumpReader(String label, String sourceName) {
        this.label = label;
        this.sourceName = sourceName;
    }

    void read(InputStream in, RecordVisitor visitor) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = null;
        long pageLine = 0;
        try {
            xml = factory.createXMLStreamReader(in, "UTF-8");
            String title = "";
            String namespace = "0";
            String text = null;
            boolean redirect = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "page" -> {
                            pageLine = xml.getLocation().getLineNumber();
                            title = "";
                            namespace = "0";
                            text = null;
                            redirect = false;
                        }
                        case "title" -> title = xml.getElementText();
                        case "ns" -> namespace = xml.getElementText().trim();
                        case "redirect" -> redirect = true;
                        case "text" -> text = xml.getElementText();
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("page")) {
                    if (text != null && namespace.equals("0") && !redirect && !isRedirect(text)) {
                        String plain = WikiText.toPlainText(text);
                        if (!plain.isBlank()) {
                            String body = title.isBlank() ? plain : title + "\n\n" + plain;
                            visitor.document(new Document(sourceName + "/" + label + ":" + pageLine, sourceName, body));
                        }
                    }
                }
            }
        } catch (XMLStreamException e) {
            long line = e.getLocation() != null ? e.getLocation().getLineNumber() : pageLine;
            visitor.bad(new BadRecord(label, line, "broken XML, rest of dump skipped: " + e.getMessage()));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader over a stream that is closed next anyway
                }
            }
        }
    }

    private static boolean isRedirect(String wikitext) {
        return wikitext.stripLeading().toUpperCase(Locale.ROOT).startsWith("#REDIRECT");
    }
}
