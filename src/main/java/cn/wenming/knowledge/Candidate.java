package cn.wenming.knowledge;

/**
 * An entry found for a question. {@code coverage} (0–1) is the rarity-weighted share of the
 * question's terms that the entry's own wording contains: unlike a raw Lucene score it means the
 * same thing for every question, so thresholds can be set on it. {@code score} orders candidates.
 */
record Candidate(KnowledgeEntry entry, double coverage, double score) {
}
