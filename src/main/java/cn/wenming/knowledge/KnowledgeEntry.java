package cn.wenming.knowledge;

import java.util.List;

/** One 应知应会 item: the standard question, the ways residents ask it, and the short answer. */
public record KnowledgeEntry(
        String id,
        String topic,
        String question,
        List<String> phrasings,
        String answer,
        List<String> tags,
        String source) {
}
