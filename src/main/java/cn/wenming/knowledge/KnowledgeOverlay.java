package cn.wenming.knowledge;

import java.util.List;

/** Where the console's entry revisions come from: the database, or nothing (tools and unit tests). */
interface KnowledgeOverlay {

    KnowledgeOverlay NONE = new KnowledgeOverlay() {
        @Override
        public String fingerprint() {
            return "none";
        }

        @Override
        public List<EntryRevision> latest() {
            return List.of();
        }
    };

    /**
     * Changes whenever a revision is added, committed in any order (row count and highest id):
     * cheap enough to poll every second.
     */
    String fingerprint();

    /** The latest revision of every entry that has one, oldest change first. */
    List<EntryRevision> latest();
}
