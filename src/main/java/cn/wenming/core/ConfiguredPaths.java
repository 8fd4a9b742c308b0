package cn.wenming.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Lets the jar run from any directory. Every file or folder the service reads its words, wording and
 * knowledge from is used from disk when it is there: relative to the working directory (the checkout,
 * a deployment folder with its own config/ and knowledge/) or wherever its property points. A default
 * location that is not there falls back to the project's config/ and knowledge/ packaged in the jar
 * under {@code defaults/}; a path the operator set that does not exist stops the start with one line
 * ({@link ConfiguredPathMissingFailureAnalyzer}). Runs when the environment is ready, before any bean
 * exists; registered in META-INF/spring.factories.
 */
public class ConfiguredPaths implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredPaths.class);

    /** Where the build puts config/ and knowledge/ on the classpath (pom.xml, packaged-defaults). */
    static final String PACKAGED = "defaults";

    /**
     * Every configured file or folder and its default, which is also where its copy sits under
     * {@link #PACKAGED}. A new one belongs here too, or the jar fails outside the project directory.
     */
    static final List<Location> LOCATIONS = List.of(
            new Location("wechat.menu-file", "config/menu.json"),
            new Location("wenming.reach.menus-file", "config/menus-by-tag.json"),
            new Location("wenming.commands-file", "config/commands.yml"),
            new Location("wenming.messages-dir", "config/messages"),
            new Location("wenming.intents.examples-dir", "knowledge/intents"),
            new Location("wenming.knowledge.dir", "knowledge"),
            new Location("wenming.knowledge.stopwords-file", "config/stopwords.txt"),
            new Location("wenming.knowledge.synonyms-file", "config/synonyms.txt"),
            new Location("wenming.knowledge.dictionary-file", "config/dictionary.txt"),
            new Location("wenming.quiz.dir", "knowledge/quiz"),
            new Location("wenming.report.categories-file", "config/report-categories.yml"),
            new Location("wenming.report.grids-dir", "config/grids"),
            // The default is config/ itself, which a deployment's application.yml alone brings into
            // being: only holiday files there stand in for the packaged ones.
            new Location("wenming.report.holidays-dir", "config", "holidays-*.yml"),
            new Location("wenming.survey.dir", "config/surveys"),
            new Location("wenming.inspection.points-dir", "config/points"));

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        Map<String, Object> packaged = resolve(environment, Path.of(""));
        if (!packaged.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("wenmingPackagedDefaults", packaged));
            log.info("Not found under {}, so the copies packaged in the jar are used for {}",
                    Path.of("").toAbsolutePath(), String.join(", ", packaged.keySet()));
        }
    }

    /**
     * After logging is set up, so a refused path reads like any other start-up failure, and after the
     * secrets check ({@link ProductionSecrets}), so a refused prod start writes nothing.
     */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 2;
    }

    /**
     * The properties whose default location is missing under {@code workingDirectory}, each pointing
     * at its packaged copy (unpacked into the data dir: the loaders read folders on disk).
     *
     * @throws ConfiguredPathMissing for a path set to anything but its default that does not exist
     */
    static Map<String, Object> resolve(Environment environment, Path workingDirectory) {
        Map<String, Object> packaged = new LinkedHashMap<>();
        Path unpacked = null;
        for (Location location : LOCATIONS) {
            String value = environment.getProperty(location.property(), location.defaultPath());
            Path path = workingDirectory.resolve(value);
            if (!Path.of(value).normalize().equals(Path.of(location.defaultPath()))) {
                if (!Files.exists(path)) {
                    throw new ConfiguredPathMissing(location.property(), path.toAbsolutePath().normalize());
                }
            } else if (!location.isIn(path)) {
                if (unpacked == null) {
                    unpacked = unpack(workingDirectory.resolve(environment.getProperty("wenming.data-dir", "./data"))
                            .resolve("cache").resolve(PACKAGED));
                }
                packaged.put(location.property(), unpacked.resolve(location.defaultPath()).toString());
            }
        }
        return packaged;
    }

    /**
     * The packaged tree as a folder {@code <cacheDir>/<content hash>}: written once per content (a new
     * jar, a new folder), by renaming a complete copy into place, so instances sharing a data dir
     * never read half of one.
     */
    static Path unpack(Path cacheDir) {
        try {
            URL packaged = ConfiguredPaths.class.getClassLoader().getResource(PACKAGED + "/");
            if (packaged == null) {
                throw new IllegalStateException("No " + PACKAGED + "/ on the classpath: build with Maven, which "
                        + "packages config/ and knowledge/, or run from the project directory");
            }
            URI root = packaged.toURI();
            // Inside the jar the tree is read through a zip file system (read-only), in a build folder directly.
            try (FileSystem jar = "jar".equals(root.getScheme())
                    ? FileSystems.newFileSystem(root, Map.of("accessMode", "readOnly")) : null) {
                Path source = Path.of(root);
                List<Path> files;
                try (Stream<Path> walk = Files.walk(source)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (Path file : files) {
                    digest.update(source.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(Files.readAllBytes(file));
                }
                Path target = cacheDir.resolve(HexFormat.of().formatHex(digest.digest(), 0, 8));
                if (!Files.isDirectory(target)) {
                    Files.createDirectories(cacheDir);
                    Path temp = Files.createTempDirectory(cacheDir, ".unpacking-");
                    for (Path file : files) {
                        Path copy = temp.resolve(source.relativize(file).toString());
                        Files.createDirectories(copy.getParent());
                        Files.copy(file, copy);
                    }
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                        // Another instance unpacked the same content first.
                        FileSystemUtils.deleteRecursively(temp);
                    }
                }
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the jar's config/ and knowledge/ into " + cacheDir, e);
        } catch (URISyntaxException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A configured path: its property and default. With {@code marker}, a folder stands in for the
     * packaged one only when it holds a file matching that glob.
     */
    record Location(String property, String defaultPath, String marker) {

        Location(String property, String defaultPath) {
            this(property, defaultPath, null);
        }

        boolean isIn(Path path) {
            if (marker == null || !Files.isDirectory(path)) {
                return Files.exists(path);
            }
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(path, marker)) {
                return matches.iterator().hasNext();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
