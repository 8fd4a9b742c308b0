package cn.wenming.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * What residents read, per feature, from {@code config/messages/<feature>.yml}: a city office
 * rewords a reply by editing that file, without a build. Texts may hold {@code {name}} slots that
 * callers fill. A missing file or key stops the service at start-up, not in front of a resident.
 */
public final class MessageCatalog {

    private final String feature;
    private final Map<String, String> texts;

    private MessageCatalog(String feature, Map<String, String> texts) {
        this.feature = feature;
        this.texts = texts;
    }

    /** Loads {@code <dir>/<feature>.yml}; every key in {@code required} must be present. */
    public static MessageCatalog load(Path dir, String feature, String... required) {
        Path file = dir.resolve(feature + ".yml");
        Map<String, String> texts = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = new Yaml().load(in);
            if (parsed instanceof Map<?, ?> map) {
                map.forEach((k, v) -> texts.put(String.valueOf(k), v == null ? "" : String.valueOf(v).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the message catalogue " + file.toAbsolutePath(), e);
        }
        for (String key : required) {
            if (!texts.containsKey(key)) {
                throw new IllegalStateException("Message catalogue " + file + " lacks the key '" + key + "'");
            }
        }
        return new MessageCatalog(feature, Map.copyOf(texts));
    }

    /** The text under {@code key}, with each {@code {name}} replaced by the following argument pairs. */
    public String text(String key, Object... slotsAndValues) {
        String text = texts.get(key);
        if (text == null) {
            throw new IllegalStateException("No text '" + key + "' in config/messages/" + feature + ".yml");
        }
        for (int i = 0; i + 1 < slotsAndValues.length; i += 2) {
            text = text.replace("{" + slotsAndValues[i] + "}", String.valueOf(slotsAndValues[i + 1]));
        }
        return text;
    }
}
