package cn.wenming.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.WenmingApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

/**
 * Issue 14: the jar runs from any directory. A default location missing from the working directory
 * falls back to the copy packaged from config/ and knowledge/; what the working directory holds wins;
 * a path set explicitly that does not exist stops the start with one line.
 */
class ConfiguredPathsTest {

    @Test
    void defaultLocationsMissingFromTheWorkingDirectoryUseThePackagedCopies(@TempDir Path dir) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        MockEnvironment environment = new MockEnvironment().withProperty("wenming.data-dir", dir.resolve("data").toString());

        Map<String, Object> packaged = ConfiguredPaths.resolve(environment, work);

        assertThat(packaged).containsOnlyKeys(ConfiguredPaths.LOCATIONS.stream().map(ConfiguredPaths.Location::property).toList());
        Path knowledge = Path.of((String) packaged.get("wenming.knowledge.dir"));
        assertThat(knowledge).startsWith(dir.resolve("data/cache/defaults"));
        assertThat(Files.mismatch(knowledge.resolve("garbage-sorting.yml"), Path.of("knowledge/garbage-sorting.yml"))).isEqualTo(-1);
        assertThat(Files.mismatch(Path.of((String) packaged.get("wechat.menu-file")), Path.of("config/menu.json"))).isEqualTo(-1);
        assertThat(Path.of((String) packaged.get("wenming.report.holidays-dir")).resolve("holidays-2026.yml")).exists();
        // Unpacked once: a second start finds the same folder.
        assertThat(ConfiguredPaths.resolve(environment, work)).isEqualTo(packaged);
    }

    @Test
    void whatTheWorkingDirectoryHoldsIsUsed(@TempDir Path dir) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(work.resolve("knowledge"));
        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/menu.json"), "{}");
        // A deployment's own settings make config/ exist; without holiday files it does not replace them.
        Files.writeString(work.resolve("config/application.yml"), "server:\n  port: 8081\n");
        MockEnvironment environment = new MockEnvironment().withProperty("wenming.data-dir", dir.resolve("data").toString())
                // The default, however spelt, still falls back.
                .withProperty("wenming.report.grids-dir", "./config/grids/");

        Map<String, Object> packaged = ConfiguredPaths.resolve(environment, work);

        assertThat(packaged).doesNotContainKeys("wenming.knowledge.dir", "wechat.menu-file")
                .containsKeys("wenming.report.holidays-dir", "wenming.report.grids-dir", "wenming.quiz.dir");
    }

    @Test
    void aPathSetExplicitlyThatDoesNotExistStopsTheStartWithOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-knowledge");

        assertThatThrownBy(() -> new SpringApplicationBuilder(WenmingApplication.class).run(
                "--server.port=0", "--wenming.data-dir=" + dir.resolve("data"), "--wenming.knowledge.dir=" + missing))
                .isInstanceOfSatisfying(ConfiguredPathMissing.class, e -> {
                    FailureAnalysis analysis = new ConfiguredPathMissingFailureAnalyzer().analyze(e);
                    assertThat(analysis.getDescription())
                            .isEqualTo("wenming.knowledge.dir is " + missing + ", which does not exist");
                    assertThat(analysis.getAction()).isNull();
                });
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** The packaged config/application.yml gives the dev account from anywhere, and prod still refuses it. */
    @Test
    void prodOutsideTheProjectDirectoryStillRefusesThePackagedDevSecrets(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("prod.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WenmingApplication.class.getName(),
                "--spring.profiles.active=prod", "--server.port=0", "--wenming.data-dir=" + dir.resolve(UUID.randomUUID().toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("WECHAT_") || name.startsWith("WENMING_")
                || name.startsWith("SPRING_"));
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);

        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START",
                "WECHAT_APP_ID (wechat.accounts[0].app-id) is the published dev test account wxdev0000000000001",
                "WENMING_OPS_TOKEN (wenming.ops.token) is a published dev value");
    }
}
