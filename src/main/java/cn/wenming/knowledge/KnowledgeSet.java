package cn.wenming.knowledge;

import java.util.List;

/** A validated, immutable load of the knowledge folder; {@code version} is a hash of its content. */
record KnowledgeSet(List<KnowledgeEntry> entries, List<GarbageItem> garbageItems, String version) {
}
