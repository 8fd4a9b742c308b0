package cn.wenming.bench;

import cn.wenming.support.ServiceProcess;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged service (target/wenming.jar) as its own process, for the load and crash checks. */
final class PackagedService {

    private PackagedService() {
    }

    /**
     * Starts the jar on a data dir against the fake WeChat API and waits until it is healthy. Its output
     * is appended to {@code <data dir>.log}, so a restart on the same data dir keeps the earlier run's.
     */
    static Process start(Path dataDir, int appPort, int pgPort, String wechatApi, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", "target/wenming.jar", "--server.port=" + appPort, "--wechat.api-host=" + wechatApi,
                "--wenming.data-dir=" + dataDir, "--wenming.embedded.postgres.port=" + pgPort));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dataDir + ".log"))).start();
        try {
            ServiceProcess.awaitHealthy(process, appPort, dataDir + ".log");
        } catch (IllegalStateException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    /** The body of a check: returns the exit status. */
    interface Check {
        int run(Map<String, String> options) throws Exception;
    }

    /** Runs a check and exits with its status; the fake WeChat server's threads would keep the JVM alive. */
    static void main(String[] args, Check check) {
        int status = 1;
        try {
            status = check.run(options(args));
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            System.exit(status);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            out.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
