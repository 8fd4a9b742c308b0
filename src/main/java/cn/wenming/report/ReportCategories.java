package cn.wenming.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The category list from config, and guessing a category from what a resident wrote. */
@Component
public class ReportCategories {

    /** The catch-all category every deployment must have. */
    static final String OTHER = "other";

    private final Map<String, ReportCategory> byCode = new LinkedHashMap<>();

    ReportCategories(ReportProperties properties) throws IOException {
        try (Reader reader = Files.newBufferedReader(properties.categoriesFile(), StandardCharsets.UTF_8)) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            for (Object item : (List<?>) root.get("categories")) {
                ReportCategory category = parse((Map<?, ?>) item);
                if (byCode.put(category.code(), category) != null) {
                    throw new IllegalStateException("Duplicate report category code " + category.code());
                }
            }
        }
        if (!byCode.containsKey(OTHER)) {
            throw new IllegalStateException(properties.categoriesFile() + " must define the category '" + OTHER + "'");
        }
    }

    public List<ReportCategory> all() {
        return List.copyOf(byCode.values());
    }

    public Optional<ReportCategory> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    public ReportCategory get(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("Unknown report category " + code));
    }

    /**
     * The category whose keywords cover most of the text (longest keyword wins a tie, so "路灯不亮"
     * beats a bare "灯"); empty when no keyword occurs.
     */
    public Optional<ReportCategory> guess(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        record Hit(ReportCategory category, int length) {
        }
        List<Hit> hits = new ArrayList<>();
        for (ReportCategory category : byCode.values()) {
            int longest = category.keywords().stream().filter(text::contains).mapToInt(String::length).max().orElse(0);
            if (longest > 0) {
                hits.add(new Hit(category, longest));
            }
        }
        return hits.stream().max(Comparator.comparingInt(Hit::length)).map(Hit::category);
    }

    private static ReportCategory parse(Map<?, ?> map) {
        String code = required(map, "code");
        Map<?, ?> deadline = (Map<?, ?>) map.get("deadline");
        Integer hours = deadline == null ? null : (Integer) deadline.get("hours");
        Integer days = deadline == null ? null : (Integer) deadline.get("working-days");
        if ((hours == null) == (days == null)) {
            throw new IllegalStateException("Category " + code + " needs a deadline of either hours or working-days");
        }
        List<String> keywords = new ArrayList<>();
        Object raw = map.get("keywords");
        if (raw instanceof List<?> list) {
            list.forEach(k -> keywords.add(String.valueOf(k)));
        }
        return new ReportCategory(code, required(map, "name"), required(map, "kind"), required(map, "group"),
                required(map, "unit-type"), List.copyOf(keywords), new ReportCategory.Deadline(hours, days),
                Boolean.TRUE.equals(map.get("photo-required")), Boolean.TRUE.equals(map.get("publish-photos")));
    }

    private static String required(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalStateException("A report category lacks '" + key + "': " + map);
        }
        return value.toString();
    }
}
