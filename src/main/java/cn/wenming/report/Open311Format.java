package cn.wenming.report;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two GeoReport v2 formats, picked by the URL suffix. Both render one neutral tree, so the JSON
 * and the XML of a response cannot drift apart:
 * <ul>
 * <li>a {@link Map} (keep it ordered) is a JSON object, or one XML element per entry;</li>
 * <li>{@link Items} is a JSON array, or one XML element per item, named {@link Items#itemName()};</li>
 * <li>anything else is a scalar, and {@code null} is JSON {@code null} or an empty XML element.</li>
 * </ul>
 * The root name is for XML only: JSON puts the content at the top level, so lists are bare arrays
 * as in the spec's examples.
 */
enum Open311Format {

    XML("xml", "text/xml"),
    JSON("json", "application/json");

    /** A list whose XML items are each wrapped in an element called {@code itemName}. */
    record Items(String itemName, List<?> items) {
    }

    private final String suffix;
    private final String mimeType;
    private final MediaType mediaType;

    Open311Format(String suffix, String mimeType) {
        this.suffix = suffix;
        this.mimeType = mimeType;
        this.mediaType = MediaType.parseMediaType(mimeType + ";charset=UTF-8");
    }

    static Optional<Open311Format> ofSuffix(String suffix) {
        return Arrays.stream(values()).filter(format -> format.suffix.equalsIgnoreCase(suffix)).findFirst();
    }

    /** The bare MIME type, as discovery lists it. */
    String mimeType() {
        return mimeType;
    }

    /** The response Content-Type. */
    MediaType mediaType() {
        return mediaType;
    }

    byte[] render(String rootName, Object content) {
        return this == XML ? xml(rootName, content) : JsonMapper.shared().writeValueAsBytes(jsonValue(content));
    }

    private static Object jsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> object = new LinkedHashMap<>();
            map.forEach((key, field) -> object.put(key, jsonValue(field)));
            return object;
        }
        if (value instanceof Items list) {
            return list.items().stream().map(Open311Format::jsonValue).toList();
        }
        return value;
    }

    private static byte[] xml(String rootName, Object content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // A new factory per response: the StAX API does not promise that a factory is thread-safe.
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("utf-8", "1.0");
            writeElement(xml, rootName, content);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Cannot write an Open311 XML response", e);
        }
        return out.toByteArray();
    }

    private static void writeElement(XMLStreamWriter xml, String name, Object value) throws XMLStreamException {
        xml.writeStartElement(name);
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                writeElement(xml, field.getKey().toString(), field.getValue());
            }
        } else if (value instanceof Items list) {
            for (Object item : list.items()) {
                writeElement(xml, list.itemName(), item);
            }
        } else if (value != null) {
            xml.writeCharacters(xmlText(value));
        }
        xml.writeEndElement();
    }

    private static String xmlText(Object scalar) {
        // Plain decimals: Double.toString would write a coordinate near zero as 1.0E-5.
        String text = scalar instanceof Double number ? BigDecimal.valueOf(number).toPlainString() : scalar.toString();
        // XML 1.0 cannot carry most control characters even escaped, and residents' text may hold some.
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().filter(Open311Format::allowedInXml).forEach(safe::appendCodePoint);
        return safe.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || c >= 0x10000;
    }
}
