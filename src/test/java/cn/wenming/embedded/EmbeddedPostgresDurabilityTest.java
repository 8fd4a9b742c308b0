package cn.wenming.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 1: the embedded PostgreSQL of the default run commits durably, so a ticket replied to a
 * resident is on disk even if the server dies a moment later.
 */
class EmbeddedPostgresDurabilityTest extends IntegrationTest {

    @Test
    void theEmbeddedDatabaseCommitsDurably() {
        for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
            assertThat(jdbc.sql("SHOW " + setting).query(String.class).single()).as(setting).isEqualTo("on");
        }
    }
}
