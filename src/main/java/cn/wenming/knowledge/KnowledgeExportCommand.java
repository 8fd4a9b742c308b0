package cn.wenming.knowledge;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar wenming.jar --wenming.knowledge.export=knowledge}: writes the console's changes
 * into the topic files of that folder, checks that the folder still loads, prints what changed and
 * exits (on a free port in this mode, see {@link KnowledgeExportEnvironment}).
 */
@Component
class KnowledgeExportCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeExportCommand.class);

    private final KnowledgeEntryStore store;
    private final KnowledgeBase knowledge;
    private final ConfigurableApplicationContext context;
    private final String target;

    KnowledgeExportCommand(KnowledgeEntryStore store, KnowledgeBase knowledge, ConfigurableApplicationContext context,
            @Value("${" + KnowledgeExportEnvironment.PROPERTY + ":}") String target) {
        this.store = store;
        this.knowledge = knowledge;
        this.context = context;
        this.target = target;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (target.isBlank()) {
            return;
        }
        int status = 0;
        try {
            String summary = export(Path.of(target));
            log.info(summary);
            System.out.println(summary);
        } catch (RuntimeException e) {
            log.error("Knowledge export failed: {}", e.getMessage());
            System.err.println("Knowledge export failed: " + e.getMessage());
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(context, () -> exit));
    }

    /** Exports into {@code dir} and loads the result as the service would; returns a summary. */
    String export(Path dir) {
        KnowledgeExporter.Result result = KnowledgeExporter.export(dir, store.latest());
        KnowledgeSet check = KnowledgeLoader.load(dir, knowledge.cityWording());
        return "Knowledge export to " + dir.toAbsolutePath() + ": " + result.written() + " entries written, "
                + result.removed() + " removed, " + result.unchanged() + " already as in the files; files changed: "
                + (result.changedFiles().isEmpty() ? "none" : String.join(", ", result.changedFiles()))
                + "; the folder loads (" + check.entries().size() + " entries).";
    }
}
