package cn.wenming.reach;

import cn.wenming.report.GridMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The grid's streets and communities as reach uses them: names, and which street a community lies in. */
@Component
class Communities {

    record Community(String code, String name, String streetCode, String streetName) {
    }

    private final Map<String, Community> byCode = new LinkedHashMap<>();
    private final Map<String, String> streets = new LinkedHashMap<>();

    Communities(GridMap grid) {
        grid.areas().stream().filter(a -> a.level().equals("street")).forEach(a -> streets.put(a.code(), a.name()));
        grid.areas().stream().filter(a -> a.level().equals("community")).forEach(a -> byCode.put(a.code(),
                new Community(a.code(), a.name(), a.parentCode(), streets.getOrDefault(a.parentCode(), ""))));
    }

    Optional<Community> community(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    List<Community> all() {
        return List.copyOf(byCode.values());
    }

    /** Street codes and names, in grid order. */
    Map<String, String> streets() {
        return new LinkedHashMap<>(streets);
    }

    List<Community> inStreet(String streetCode) {
        return byCode.values().stream().filter(c -> c.streetCode().equals(streetCode)).toList();
    }

    /** A group a push can target, by name: the whole account, a street, a community. */
    String groupName(String targetType, String targetCode) {
        return switch (targetType) {
            case "street" -> streets.getOrDefault(targetCode, targetCode);
            case "community" -> community(targetCode).map(Community::name).orElse(targetCode);
            default -> "全体关注者";
        };
    }
}
