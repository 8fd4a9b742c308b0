package cn.wenming.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The city's grid (config/grids/*.geojson): districts → streets → communities as polygons, each
 * naming the responsible unit per category group. A report goes to the unit of the smallest area
 * that contains its point and names a unit for its group; nothing found means the city queue.
 */
@org.springframework.modulith.NamedInterface("grid")
@Component
public class GridMap {

    /** One area of the grid; {@code units} maps a category group to the unit that handles it here. */
    record Area(String level, String code, String name, String parentCode, Map<String, String> units,
            PreparedGeometry shape) {
    }

    /** Where a report goes, and the areas it lies in (any may be null). */
    public record Route(String unit, String districtName, String streetName, String communityCode,
            String communityName) {
    }

    private static final Map<String, Integer> DEPTH = Map.of("community", 0, "street", 1, "district", 2);

    private final GeometryFactory geometry = new GeometryFactory();
    private final Map<String, Area> byCode = new LinkedHashMap<>();
    private final List<Area> communities = new ArrayList<>();
    private final String cityQueue;

    GridMap(ReportProperties properties) {
        this.cityQueue = properties.cityQueue();
        try (Stream<Path> files = Files.list(properties.gridsDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".geojson")).sorted().toList()) {
                load(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the grid files in " + properties.gridsDir(), e);
        }
        for (Area area : byCode.values()) {
            if (area.parentCode() != null && !byCode.containsKey(area.parentCode())) {
                throw new IllegalStateException("Grid area " + area.code() + " names unknown parent " + area.parentCode());
            }
        }
        // Smallest first, so the innermost area decides when boundaries touch.
        communities.sort(Comparator.comparingDouble(a -> a.shape().getGeometry().getArea()));
    }

    public String cityQueue() {
        return cityQueue;
    }

    /** Routes a point (WGS-84) for a category group. */
    public Route route(double latitude, double longitude, String group) {
        Point point = geometry.createPoint(new Coordinate(longitude, latitude));
        Optional<Area> community = communities.stream().filter(a -> a.shape().covers(point)).findFirst();
        if (community.isEmpty()) {
            // Inside a district or street drawn without communities still routes to that area.
            community = byCode.values().stream().filter(a -> a.shape().covers(point))
                    .min(Comparator.comparingInt(a -> DEPTH.getOrDefault(a.level(), 3)));
        }
        return community.map(area -> routeFrom(area, group)).orElse(new Route(cityQueue, null, null, null, null));
    }

    /**
     * Routes a typed address by the most specific area name it mentions ("荷风社区东门" → 荷风社区);
     * an address naming no area goes to the city queue, where a dispatcher reads it.
     */
    public Route route(String address, String group) {
        if (address != null) {
            Optional<Area> named = byCode.values().stream().filter(a -> address.contains(a.name()))
                    .min(Comparator.comparingInt(a -> DEPTH.getOrDefault(a.level(), 3)));
            if (named.isPresent()) {
                return routeFrom(named.get(), group);
            }
        }
        return new Route(cityQueue, null, null, null, null);
    }

    /** One area of the grid as the admin page lists it; {@code parentCode} is null for a district. */
    public record AreaUnits(String level, String code, String name, Map<String, String> units, String parentCode) {
    }

    /** Every area with the units it names, in file order (district, its streets, their communities). */
    public List<AreaUnits> areas() {
        return byCode.values().stream().map(a -> new AreaUnits(a.level(), a.code(), a.name(), a.units(), a.parentCode())).toList();
    }

    /** Every unit named anywhere in the grid, then the city queue: the choices for 派单. */
    public List<String> units() {
        Set<String> all = new TreeSet<>();
        byCode.values().forEach(a -> all.addAll(a.units().values()));
        List<String> out = new ArrayList<>(all);
        out.add(cityQueue);
        return out;
    }

    /** The outline of a community (or any area) as [longitude, latitude] points, for staff maps. */
    public Optional<List<double[]>> outline(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code)).map(area -> {
            List<double[]> points = new ArrayList<>();
            for (Coordinate c : area.shape().getGeometry().getCoordinates()) {
                points.add(new double[] {c.x, c.y});
            }
            return points;
        });
    }

    private Route routeFrom(Area start, String group) {
        Map<String, Area> chain = new HashMap<>();
        String unit = null;
        for (Area area = start; area != null; area = area.parentCode() == null ? null : byCode.get(area.parentCode())) {
            chain.put(area.level(), area);
            if (unit == null) {
                unit = area.units().get(group);
            }
        }
        Area district = chain.get("district");
        Area street = chain.get("street");
        Area community = chain.get("community");
        return new Route(unit == null ? cityQueue : unit, district == null ? null : district.name(),
                street == null ? null : street.name(), community == null ? null : community.code(),
                community == null ? null : community.name());
    }

    private void load(Path file) throws IOException {
        JsonNode root = JsonMapper.shared().readTree(Files.readString(file, StandardCharsets.UTF_8));
        GeoJsonReader reader = new GeoJsonReader(geometry);
        for (JsonNode feature : root.path("features")) {
            JsonNode props = feature.path("properties");
            String code = props.path("code").asString();
            Geometry shape;
            try {
                shape = reader.read(feature.path("geometry").toString());
            } catch (ParseException e) {
                throw new IllegalStateException("Bad geometry for grid area " + code + " in " + file, e);
            }
            Map<String, String> units = new LinkedHashMap<>();
            props.path("units").properties().forEach(e -> units.put(e.getKey(), e.getValue().asString()));
            String parent = props.hasNonNull("parent") ? props.get("parent").asString() : null;
            Area area = new Area(props.path("level").asString(), code, props.path("name").asString(), parent,
                    Map.copyOf(units), PreparedGeometryFactory.prepare(shape));
            if (byCode.put(code, area) != null) {
                throw new IllegalStateException("Grid area code " + code + " appears twice (" + file + ")");
            }
            if ("community".equals(area.level())) {
                communities.add(area);
            }
        }
    }
}
