package cn.wenming.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * The one table of exact commands residents type ({@code config/commands.yml}): each command name
 * lists its words. A message is a command when, normalised (Traditional folded, emoji and
 * punctuation dropped, spaces removed), it equals one of the words. Nothing else hard-codes a
 * command word.
 */
public final class CommandTable {

    private static final int MIN_GLUED_COMMAND = 4;
    private static final int MAX_ARGUMENT = 16;

    private final Map<String, Set<String>> words;

    private CommandTable(Map<String, Set<String>> words) {
        this.words = words;
    }

    public static CommandTable load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = new Yaml().load(in);
            Map<String, Set<String>> words = new HashMap<>();
            if (parsed instanceof Map<?, ?> map) {
                map.forEach((name, list) -> words.put(String.valueOf(name), list instanceof List<?> l
                        ? l.stream().map(String::valueOf).map(CommandTable::compact).collect(Collectors.toSet())
                        : Set.of()));
            }
            return new CommandTable(Map.copyOf(words));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the command table " + file.toAbsolutePath(), e);
        }
    }

    /** Whether the message is exactly one of the command's words. */
    public boolean is(String command, String message) {
        return words(command).contains(compact(message));
    }

    /**
     * What follows a command word that takes an argument ("社区 荷风社区" → 荷风社区): one word, with a
     * space after the command unless the command has four or more characters.
     */
    public Optional<String> argument(String command, String message) {
        String text = TextNormalizer.normalize(message);
        for (String word : words(command)) {
            if (!text.startsWith(word)) {
                continue;
            }
            String rest = text.substring(word.length());
            boolean separated = rest.startsWith(" ") || word.length() >= MIN_GLUED_COMMAND;
            String argument = rest.strip();
            if (separated && !argument.isEmpty() && !argument.contains(" ") && argument.length() <= MAX_ARGUMENT) {
                return Optional.of(argument);
            }
        }
        return Optional.empty();
    }

    /** The names of the commands that start with {@code prefix}. */
    public List<String> names(String prefix) {
        return words.keySet().stream().filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    /** The command's words, compacted; an unknown command is a configuration error. */
    public Set<String> words(String command) {
        Set<String> found = words.get(command);
        if (found == null) {
            throw new IllegalStateException("config/commands.yml has no command '" + command + "'");
        }
        return found;
    }

    /** Normalised and without spaces: what command words are compared on. */
    public static String compact(String message) {
        return TextNormalizer.normalize(message).replace(" ", "");
    }
}
