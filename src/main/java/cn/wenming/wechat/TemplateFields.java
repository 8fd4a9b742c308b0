package cn.wenming.wechat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WeChat's rules for template message fields since 2023-05-04: {@code first} and {@code remark} are
 * no longer shown, and every field is shown on one line and cut at 20 characters (fewer for some
 * types: a {@code phrase} holds 5). A template's keys name their type ({@code thing4},
 * {@code character_string1}); which key carries which part of a notice is configuration
 * ({@code wechat.accounts[].report-template-fields}), since every account picks its own template.
 */
final class TemplateFields {

    /** The parts of a report notice that can go into a template. */
    static final Set<String> PARTS = Set.of("ticket", "state", "time", "summary");

    /** The keys of the 公共模板库 template 「问题处理进度通知」-like layout this service assumes by default. */
    static final Map<String, String> DEFAULTS = Map.of("ticket", "character_string1", "state", "phrase2",
            "time", "time3", "summary", "thing4");

    /** What every field is cut to, whatever its type allows. */
    static final int MAX_CHARS = 20;

    private static final Pattern KEY = Pattern.compile("([a-z_]+?)(\\d+)");
    private static final Map<String, Integer> TYPE_LIMITS = Map.ofEntries(Map.entry("thing", 20),
            Map.entry("character_string", 20), Map.entry("number", 20), Map.entry("letter", 20),
            Map.entry("symbol", 5), Map.entry("amount", 20), Map.entry("phrase", 5), Map.entry("time", 20),
            Map.entry("date", 20), Map.entry("const", 20), Map.entry("name", 10), Map.entry("phone_number", 17),
            Map.entry("car_number", 8));

    private TemplateFields() {
    }

    /**
     * The configured part → key map, checked: only known parts, keys of a known type, no key twice,
     * and never {@code first} or {@code remark}. Empty or null means {@link #DEFAULTS}.
     */
    static Map<String, String> checked(String appId, Map<String, String> configured) {
        Map<String, String> fields = configured == null || configured.isEmpty() ? DEFAULTS : configured;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String part = e.getKey();
            String key = e.getValue() == null ? "" : e.getValue().strip();
            if (!PARTS.contains(part)) {
                throw new IllegalStateException("wechat.accounts[" + appId + "].report-template-fields: unknown part '"
                        + part + "' (known: " + PARTS + ")");
            }
            if (key.isEmpty()) {
                continue;
            }
            if (type(key) == null) {
                throw new IllegalStateException("wechat.accounts[" + appId + "].report-template-fields." + part
                        + ": '" + key + "' is not a template key WeChat still shows (e.g. thing4, character_string1)");
            }
            if (out.containsValue(key)) {
                throw new IllegalStateException("wechat.accounts[" + appId + "].report-template-fields: key '" + key
                        + "' is used twice");
            }
            out.put(part, key);
        }
        return Map.copyOf(out);
    }

    /** The key's type ({@code thing} for {@code thing4}), or null when it is not a field WeChat shows. */
    static String type(String key) {
        Matcher m = KEY.matcher(key);
        return m.matches() && TYPE_LIMITS.containsKey(m.group(1)) ? m.group(1) : null;
    }

    /** The most characters a value of this key may have. */
    static int limit(String key) {
        String type = type(key);
        return Math.min(MAX_CHARS, type == null ? MAX_CHARS : TYPE_LIMITS.get(type));
    }

    /**
     * The value as WeChat will show it whole: line breaks and runs of spaces become one space, and a
     * value over the key's limit is cut, ending in "…" so the cut is visible.
     */
    static String fit(String key, String value) {
        String flat = value == null ? "" : value.replaceAll("[\\s\\u2028\\u2029]+", " ").strip();
        int limit = limit(key);
        if (flat.codePointCount(0, flat.length()) <= limit) {
            return flat;
        }
        int end = flat.offsetByCodePoints(0, limit - 1);
        return flat.substring(0, end).stripTrailing() + "…";
    }
}
