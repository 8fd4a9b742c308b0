package cn.wenming.wechat;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a WeChat XML body with a streaming parser that has DTD support switched off and refuses any
 * DOCTYPE outright, so no entity (external or "billion laughs") is ever expanded. Only a well-formed
 * {@code <xml>} document gets past it; only then is the text handed to WxJava's XStream mapping.
 */
final class SafeXml {

    private static final XMLInputFactory FACTORY = factory();

    private SafeXml() {
    }

    /** The text of each child element of the {@code <xml>} root, by element name. */
    static Map<String, String> fields(String xml) {
        Map<String, String> fields = new HashMap<>();
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            int depth = 0;
            String field = null;
            StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new MalformedMessageException("DOCTYPE and entities are not accepted");
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth == 1 && !"xml".equals(reader.getLocalName())) {
                            throw new MalformedMessageException("root element is not <xml>");
                        }
                        if (depth == 2) {
                            field = reader.getLocalName();
                            text.setLength(0);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (depth >= 2) {
                            text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth == 2) {
                            fields.put(field, text.toString());
                        }
                        depth--;
                    }
                    default -> {
                    }
                }
            }
            return fields;
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof MalformedMessageException malformed) {
                throw malformed;
            }
            throw new MalformedMessageException("not well-formed XML");
        } finally {
            close(reader);
        }
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was held open beyond the string
            }
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    /** The body cannot be read as a WeChat message: answered with 400. */
    static final class MalformedMessageException extends RuntimeException {
        MalformedMessageException(String reason) {
            super(reason);
        }
    }
}
