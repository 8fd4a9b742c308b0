package cn.wenming.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The export command ({@code --wenming.knowledge.export=DIR}) listens on a free port (it exits as
 * soon as the export is written), so it can run beside a serving instance. With the embedded
 * database of the default run it refuses while that run is still going: both would use the same
 * {@code <data-dir>/postgres}, and the export's start would stop the running database.
 */
public class KnowledgeExportEnvironment implements EnvironmentPostProcessor {

    static final String PROPERTY = "wenming.knowledge.export";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String target = environment.getProperty(PROPERTY, "");
        if (target.isBlank()) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("wenmingKnowledgeExport",
                Map.of("server.port", "0")));
        if (environment.getProperty("wenming.embedded.postgres.enabled", Boolean.class, false)) {
            Path pidFile = Path.of(environment.getProperty("wenming.data-dir", "./data"), "postgres", "postmaster.pid");
            if (runningPostgres(pidFile)) {
                throw new IllegalStateException("The default run is still using " + pidFile.getParent().toAbsolutePath()
                        + ": stop it first (or download the export from the console, 知识库 → 导出为文件), then run the export again.");
            }
        }
    }

    private static boolean runningPostgres(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return false;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(p -> p.info().command()).map(c -> c.contains("postgres")).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
