package cn.wenming.knowledge;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health shows which knowledge version is serving and whether the last edit was refused. */
@Component("knowledge")
class KnowledgeHealthIndicator implements HealthIndicator {

    private final KnowledgeBase knowledge;

    KnowledgeHealthIndicator(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    @Override
    public Health health() {
        Health.Builder health = knowledge.entryCount() > 0 ? Health.up() : Health.down();
        health.withDetail("entries", knowledge.entryCount()).withDetail("version", knowledge.version())
                .withDetail("embeddings", knowledge.semanticStatus());
        if (knowledge.lastReloadError() != null) {
            health.withDetail("lastReloadError", knowledge.lastReloadError());
        }
        return health.build();
    }
}
