package cn.wenming.knowledge;

import java.util.List;

/**
 * One household item and its 垃圾分类 category (knowledge/garbage-items.tsv).
 *
 * @param source where the row's sorting comes from (the optional fifth column); empty when the row
 *               relies on the general sources of the 垃圾分类 entries
 */
record GarbageItem(String name, String category, List<String> aliases, String tip, String source) {

    static final List<String> CATEGORIES = List.of("可回收物", "有害垃圾", "厨余垃圾", "其他垃圾");

    GarbageItem(String name, String category, List<String> aliases, String tip) {
        this(name, category, aliases, tip, "");
    }
}
