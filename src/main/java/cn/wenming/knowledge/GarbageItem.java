package cn.wenming.knowledge;

import java.util.List;

/** One household item and its 垃圾分类 category (knowledge/garbage-items.tsv). */
record GarbageItem(String name, String category, List<String> aliases, String tip) {

    static final List<String> CATEGORIES = List.of("可回收物", "有害垃圾", "厨余垃圾", "其他垃圾");
}
