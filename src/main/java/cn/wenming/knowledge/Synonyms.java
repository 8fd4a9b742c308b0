package cn.wenming.knowledge;

import cn.wenming.core.TextNormalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Domain synonyms (config/synonyms.txt, first term of a line is canonical). Every variant is
 * rewritten to its canonical term in both the knowledge text and the question, so 电瓶车, 电动车 and
 * 电动自行车 match each other in every field and count alike in coverage — the effect of query-time
 * expansion without multiplying the question's terms.
 */
final class Synonyms {

    private final List<Map.Entry<String, String>> variants;

    private Synonyms(List<Map.Entry<String, String>> variants) {
        this.variants = variants;
    }

    static Synonyms parse(List<String> lines) {
        Map<String, String> toCanonical = new LinkedHashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] terms = trimmed.split("\\s*[,，]\\s*");
            String canonical = TextNormalizer.normalize(terms[0]);
            for (int i = 1; i < terms.length; i++) {
                String variant = TextNormalizer.normalize(terms[i]);
                if (!variant.isEmpty() && !variant.equals(canonical)) {
                    toCanonical.put(variant, canonical);
                }
            }
        }
        List<Map.Entry<String, String>> ordered = new ArrayList<>(toCanonical.entrySet());
        // Longest first, so 电动自行车 is rewritten before 电动车 could match inside it.
        ordered.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        return new Synonyms(ordered);
    }

    /** Rewrites variants of already-normalised text to their canonical terms. */
    String canonical(String text) {
        if (variants.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        outer:
        while (i < text.length()) {
            for (Map.Entry<String, String> variant : variants) {
                if (text.startsWith(variant.getKey(), i)) {
                    out.append(variant.getValue());
                    i += variant.getKey().length();
                    continue outer;
                }
            }
            out.append(text.charAt(i++));
        }
        return out.toString();
    }
}
