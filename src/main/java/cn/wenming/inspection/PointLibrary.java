package cn.wenming.inspection;

import cn.wenming.console.AuditLog;
import cn.wenming.report.GridMap;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The point library: {@code points.yml} loaded into PostgreSQL at start (so every instance and the
 * ledgers see one list), then edited by admins in the console. A point edited there keeps the console's
 * version; the file only adds points and updates those nobody edited.
 */
@Component
class PointLibrary {

    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,19}");
    private static final Set<String> KEYS = Set.of("code", "type", "name", "location", "community", "street",
            "unit", "person");
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final JdbcClient jdbc;
    private final Checklists checklists;
    private final GridMap grid;
    private final AuditLog audit;

    PointLibrary(JdbcClient jdbc, Checklists checklists, GridMap grid, AuditLog audit, InspectionProperties properties) {
        this.jdbc = jdbc;
        this.checklists = checklists;
        this.grid = grid;
        this.audit = audit;
        load(properties.pointsDir().resolve("points.yml"));
    }

    /** A point as an admin edits it; the reason it cannot be saved, in Chinese, or empty. */
    Optional<String> problem(Point point) {
        if (point.code() == null || !CODE.matcher(point.code()).matches()) {
            return Optional.of("编号只能用大写字母、数字和“-”，最多20个字符。");
        }
        if (checklists.find(point.typeCode()).isEmpty()) {
            return Optional.of("请选择点位类型。");
        }
        if (point.name() == null || point.name().isBlank() || point.name().length() > 60) {
            return Optional.of("请填写点位名称（60字以内）。");
        }
        if (!grid.units().contains(point.unit())) {
            return Optional.of("包保单位须是已配置的责任单位，请从列表中选择。");
        }
        if (!Double.isFinite(point.latitude()) || !Double.isFinite(point.longitude())
                || Math.abs(point.latitude()) > 90 || Math.abs(point.longitude()) > 180) {
            return Optional.of("请填写有效的经纬度。");
        }
        if (tooLong(point.community(), 60) || tooLong(point.street(), 60) || tooLong(point.person(), 60)) {
            return Optional.of("社区、街道和责任人各不超过60字。");
        }
        return Optional.empty();
    }

    List<Point> all() {
        return jdbc.sql("SELECT * FROM inspection_point ORDER BY code").query(PointLibrary::row).list();
    }

    List<Point> active() {
        return all().stream().filter(Point::active).toList();
    }

    Optional<Point> find(String code) {
        return code == null ? Optional.empty() : jdbc.sql("SELECT * FROM inspection_point WHERE code = ?").param(code)
                .query(PointLibrary::row).optional();
    }

    /** Saves an admin's edit (or a new point); the caller checked it with {@link #problem}. */
    void save(Point point, String editor) {
        Optional<Point> before = find(point.code());
        jdbc.sql("""
                INSERT INTO inspection_point (code, type_code, name, latitude, longitude, outline, community, street,
                    unit_name, person, active, edited_in_console, updated_at)
                VALUES (:code, :type, :name, :lat, :lng, :outline, :community, :street, :unit, :person, :active, TRUE,
                    now())
                ON CONFLICT (code) DO UPDATE SET type_code = :type, name = :name, latitude = :lat, longitude = :lng,
                    community = :community, street = :street, unit_name = :unit, person = :person, active = :active,
                    edited_in_console = TRUE, updated_at = now()""")
                .paramSource(params(point)).update();
        audit.record(before.isPresent() ? "修改测评点位" : "新增测评点位", "inspection-point", point.code(),
                before.map(PointLibrary::describe).orElse(null), describe(point));
    }

    private static String describe(Point p) {
        return p.name() + " · " + p.unit() + (p.person() == null ? "" : " · " + p.person())
                + (p.active() ? "" : " · 停用");
    }

    private void load(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<?, ?> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            List<Point> points = new ArrayList<>();
            for (Object entry : (List<?>) root.get("points")) {
                Point point = parse((Map<?, ?>) entry);
                problem(point).ifPresent(p -> {
                    throw new IllegalStateException(file + ": point " + point.code() + ": " + p);
                });
                points.add(point);
            }
            for (Point point : points) {
                jdbc.sql("""
                        INSERT INTO inspection_point (code, type_code, name, latitude, longitude, outline, community,
                            street, unit_name, person)
                        VALUES (:code, :type, :name, :lat, :lng, :outline, :community, :street, :unit, :person)
                        ON CONFLICT (code) DO UPDATE SET type_code = :type, name = :name, latitude = :lat,
                            longitude = :lng, outline = :outline, community = :community, street = :street,
                            unit_name = :unit, person = :person, updated_at = now()
                        WHERE NOT inspection_point.edited_in_console""").paramSource(params(point)).update();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Point parse(Map<?, ?> map) {
        Checklists.unknownKeys(map, KEYS, "point " + map.get("code"));
        Map<?, ?> location = (Map<?, ?>) map.get("location");
        if (location == null) {
            throw new IllegalStateException("point " + map.get("code") + " has no location");
        }
        double lat;
        double lng;
        String outline = null;
        if (location.get("polygon") instanceof List<?> ring) {
            Coordinate[] coordinates = ring.stream().map(c -> (List<?>) c)
                    .map(c -> new Coordinate(((Number) c.get(0)).doubleValue(), ((Number) c.get(1)).doubleValue()))
                    .toArray(Coordinate[]::new);
            Polygon polygon = GEOMETRY.createPolygon(coordinates);
            org.locationtech.jts.geom.Point centre = polygon.getInteriorPoint();
            lat = centre.getY();
            lng = centre.getX();
            outline = ring.toString().replace(" ", "");
        } else {
            lat = ((Number) location.get("lat")).doubleValue();
            lng = ((Number) location.get("lng")).doubleValue();
        }
        return new Point(string(map, "code"), string(map, "type"), string(map, "name"), lat, lng, outline,
                string(map, "community"), string(map, "street"), string(map, "unit"), string(map, "person"), true);
    }

    private static String string(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString().strip();
    }

    private static boolean tooLong(String text, int max) {
        return text != null && text.length() > max;
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(Point p) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource().addValue("code", p.code())
                .addValue("type", p.typeCode()).addValue("name", p.name()).addValue("lat", p.latitude())
                .addValue("lng", p.longitude()).addValue("outline", p.outline()).addValue("community", p.community())
                .addValue("street", p.street()).addValue("unit", p.unit()).addValue("person", p.person())
                .addValue("active", p.active());
    }

    static Point row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Point(rs.getString("code"), rs.getString("type_code"), rs.getString("name"),
                rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getString("outline"), rs.getString("community"),
                rs.getString("street"), rs.getString("unit_name"), rs.getString("person"), rs.getBoolean("active"));
    }
}
