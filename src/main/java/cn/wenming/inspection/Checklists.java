package cn.wenming.inspection;

import cn.wenming.report.StaffFindings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The point types and their checklists from {@code types.yml}, checked strictly at start: an unknown
 * key, a category 随手拍 does not have or a missing deadline stops the service with the item named,
 * rather than turning a 不合格 into a report nobody can route.
 */
@Component
class Checklists {

    private static final Set<String> TYPE_KEYS = Set.of("code", "name", "items");
    private static final Set<String> ITEM_KEYS = Set.of("code", "text", "judge", "weight", "photo-required",
            "category", "deadline", "source", "allowed", "deduct");

    private final Map<String, PointType> types = new LinkedHashMap<>();

    Checklists(InspectionProperties properties, StaffFindings findings) {
        Path file = properties.pointsDir().resolve("types.yml");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<?, ?> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            Set<String> itemCodes = new HashSet<>();
            for (Object entry : (List<?>) root.get("types")) {
                PointType type = type((Map<?, ?>) entry, findings, itemCodes);
                if (types.put(type.code(), type) != null) {
                    throw new IllegalStateException(file + ": duplicate point type " + type.code());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    List<PointType> all() {
        return List.copyOf(types.values());
    }

    Optional<PointType> find(String code) {
        return Optional.ofNullable(code == null ? null : types.get(code));
    }

    /** Type code → its Chinese name, for pages. */
    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        types.values().forEach(t -> names.put(t.code(), t.name()));
        return names;
    }

    String name(String code) {
        return find(code).map(PointType::name).orElse(code);
    }

    private static PointType type(Map<?, ?> map, StaffFindings findings, Set<String> itemCodes) {
        String code = text(map, "code");
        unknownKeys(map, TYPE_KEYS, "type " + code);
        List<ChecklistItem> items = new ArrayList<>();
        for (Object entry : (List<?>) map.get("items")) {
            ChecklistItem item = item((Map<?, ?>) entry, findings);
            if (!itemCodes.add(item.code())) {
                throw new IllegalStateException("duplicate item code " + item.code());
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            throw new IllegalStateException("type " + code + " has no items");
        }
        return new PointType(code, text(map, "name"), List.copyOf(items));
    }

    private static ChecklistItem item(Map<?, ?> map, StaffFindings findings) {
        String code = text(map, "code");
        unknownKeys(map, ITEM_KEYS, "item " + code);
        ChecklistItem.Judge judge = switch (text(map, "judge")) {
            case "pass-fail" -> ChecklistItem.Judge.PASS_FAIL;
            case "count" -> ChecklistItem.Judge.COUNT;
            default -> throw new IllegalStateException("item " + code + ": judge is pass-fail or count");
        };
        int weight = number(map, "weight", code);
        if (weight < 1 || weight > 5) {
            throw new IllegalStateException("item " + code + ": weight is 1 to 5");
        }
        String category = text(map, "category");
        if (findings.categoryName(category) == null) {
            throw new IllegalStateException("item " + code + ": no 随手拍 category " + category);
        }
        Map<?, ?> deadline = (Map<?, ?>) map.get("deadline");
        Integer hours = deadline == null ? null : (Integer) deadline.get("hours");
        Integer days = deadline == null ? null : (Integer) deadline.get("working-days");
        if ((hours == null) == (days == null)) {
            throw new IllegalStateException("item " + code + " needs a deadline of either hours or working-days");
        }
        boolean counted = judge == ChecklistItem.Judge.COUNT;
        if (!counted && (map.containsKey("allowed") || map.containsKey("deduct"))) {
            throw new IllegalStateException("item " + code + ": allowed and deduct belong to count items");
        }
        int allowed = counted && map.containsKey("allowed") ? number(map, "allowed", code) : 0;
        int deduct = counted ? number(map, "deduct", code) : 0;
        if (allowed < 0 || counted && deduct < 1) {
            throw new IllegalStateException("item " + code + ": allowed ≥ 0 and deduct ≥ 1");
        }
        String text = text(map, "text");
        if (text.length() > 100) {
            throw new IllegalStateException("item " + code + ": text over 100 characters");
        }
        return new ChecklistItem(code, text, judge, weight, Boolean.TRUE.equals(map.get("photo-required")),
                category, hours, days, allowed, deduct, text(map, "source"));
    }

    /** Refuses a key the file format does not have (a typo would otherwise be silently ignored). */
    static void unknownKeys(Map<?, ?> map, Set<String> known, String where) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new IllegalStateException(where + ": unknown key " + key);
            }
        }
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException("missing " + key + " in " + map);
        }
        return value.toString().strip();
    }

    private static int number(Map<?, ?> map, String key, String item) {
        if (!(map.get(key) instanceof Integer value)) {
            throw new IllegalStateException("item " + item + ": " + key + " must be a whole number");
        }
        return value;
    }
}
