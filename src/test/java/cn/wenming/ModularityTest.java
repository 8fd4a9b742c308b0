package cn.wenming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Features talk to each other only through their public API and the dependencies their
 * package-info declares (Spring Modulith rules); docs/modules/ holds the diagram of what is true.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(WenmingApplication.class);
    private static final Path DOCS = Path.of("docs/modules");

    @Test
    void moduleBoundariesHold() {
        MODULES.verify();
    }

    /**
     * The committed diagram is the generated one. After changing a module's dependencies, run
     * {@code ./mvnw test -Dtest=ModularityTest -Dwenming.docs.write=true} and commit docs/modules/.
     */
    @Test
    void theModuleDiagramInDocsIsCurrent() throws IOException {
        Path generated = Path.of("target/spring-modulith-docs");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml();
        String diagram = Files.readString(generated.resolve("components.puml"));
        if (Boolean.getBoolean("wenming.docs.write")) {
            Files.createDirectories(DOCS);
            Files.writeString(DOCS.resolve("components.puml"), diagram);
        }
        // Modulith lists modules and relations in no fixed order: compare the lines, not their order.
        assertThat(Files.readAllLines(DOCS.resolve("components.puml")))
                .containsExactlyInAnyOrderElementsOf(diagram.lines().toList());
    }
}
