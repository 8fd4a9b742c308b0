package cn.wenming.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that starts an embedded PostgreSQL on a data dir, writes a table, and dies without running
 * its shutdown hooks, as under kill -9: the postmaster is left running, orphaned.
 */
public final class CrashingPostgresProcess {

    private CrashingPostgresProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Path.of(args[0]))
                .setCleanDataDirectory(false).setOverrideWorkingDirectory(new File(args[1])).start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE SCHEMA crash; CREATE TABLE crash.left_by_crash (id int)");
        }
        Runtime.getRuntime().halt(0);
    }

    /** Runs the crash in a child JVM and waits for it to die. */
    public static void crashOn(Path postgresDir, Path binaries) throws Exception {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingPostgresProcess.class.getName(),
                postgresDir.toAbsolutePath().toString(), binaries.toAbsolutePath().toString()))
                .inheritIO().start();
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            throw new IllegalStateException("the crashing JVM did not start PostgreSQL");
        }
    }
}
