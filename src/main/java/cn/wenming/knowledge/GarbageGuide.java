package cn.wenming.knowledge;

import cn.wenming.core.TextNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "X 是什么垃圾": the item list answers directly when a question names one listed item and asks how
 * to sort it (or is little more than the item's name). A question about rules around the item
 * (乱扔烟头罚款吗, 往楼下扔酒瓶算高空抛物吗) or naming several items is left to the knowledge base.
 */
final class GarbageGuide {

    /** Words that show the resident is asking how to sort or put out the item. */
    private static final List<String> SORTING_CUES = List.of("垃圾", "扔", "丢", "桶", "分类", "投放", "处理", "哪类",
            "回收", "属于");
    /** Words that turn the question into one about behaviour, penalties or throwing from height. */
    private static final List<String> RULE_CUES = List.of("罚", "乱扔", "乱丢", "违法", "举报", "规定", "高空", "楼下",
            "楼上", "窗外", "阳台", "抛");
    /** What may surround the item name in a bare question: "打印机墨盒", "杀虫剂空瓶". */
    private static final int MAX_EXTRA_CHARS = 4;

    private final Map<String, GarbageItem> byName = new LinkedHashMap<>();
    private final Map<String, KnowledgeEntry> entries = new LinkedHashMap<>();

    GarbageGuide(List<GarbageItem> items) {
        List<Map.Entry<String, GarbageItem>> names = new ArrayList<>();
        for (GarbageItem item : items) {
            names.add(Map.entry(TextNormalizer.normalize(item.name()), item));
            item.aliases().forEach(alias -> names.add(Map.entry(TextNormalizer.normalize(alias), item)));
            KnowledgeEntry entry = entryFor(item);
            entries.put(entry.id(), entry);
        }
        // Longest name first: 废旧电池 before 电池.
        names.sort(Comparator.comparingInt((Map.Entry<String, GarbageItem> e) -> e.getKey().length()).reversed());
        names.forEach(e -> byName.putIfAbsent(e.getKey(), e.getValue()));
    }

    /** The item's answer, if the already-normalised question is a sorting question about a listed item. */
    Optional<KnowledgeEntry> answer(String normalizedQuestion) {
        String text = normalizedQuestion.replace(" ", "");
        if (RULE_CUES.stream().anyMatch(text::contains)) {
            return Optional.empty();
        }
        GarbageItem found = null;
        String remaining = text;
        for (Map.Entry<String, GarbageItem> named : byName.entrySet()) {
            if (!named.getKey().isEmpty() && remaining.contains(named.getKey())) {
                if (found != null && found != named.getValue()) {
                    return Optional.empty();
                }
                found = named.getValue();
                // Blank out the match so that a shorter alias inside it is not counted as a second item.
                remaining = remaining.replace(named.getKey(), " ");
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        int extra = remaining.replace(" ", "").length();
        boolean sorting = SORTING_CUES.stream().anyMatch(text::contains);
        return sorting || extra <= MAX_EXTRA_CHARS ? Optional.of(entries.get(id(found))) : Optional.empty();
    }

    KnowledgeEntry entry(String id) {
        return entries.get(id);
    }

    private static KnowledgeEntry entryFor(GarbageItem item) {
        String answer = item.name() + "属于" + item.category() + "。" + item.tip()
                + (item.tip().endsWith("。") || item.tip().isEmpty() ? "" : "。");
        return new KnowledgeEntry(id(item), "垃圾分类", item.name() + "是什么垃圾？", List.of(), answer,
                List.of("垃圾分类", item.category()), "knowledge/" + KnowledgeLoader.GARBAGE_ITEMS
                        + (item.source().isEmpty() ? "" : "; " + item.source()));
    }

    private static String id(GarbageItem item) {
        return "garbage-item:" + item.name();
    }
}
