package cn.wenming.inspection;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's map: every point placed by its coordinates on an SVG (no tile server: the console
 * works without the internet), coloured by its latest result.
 */
final class PointMap {

    static final int WIDTH = 640;
    private static final int MARGIN = 24;

    /** A point's latest state as the legend names it. */
    public enum Colour {
        GREY("未测评", "#9e9e9e"), RED("未达标或超期整改", "#d32f2f"), AMBER("整改中", "#f9a825"),
        GREEN("达标且无待整改", "#2e7d32");

        private final String label;
        private final String hex;

        Colour(String label, String hex) {
            this.label = label;
            this.hex = hex;
        }

        public String label() {
            return label;
        }

        public String hex() {
            return hex;
        }
    }

    public record Marker(String code, String name, double x, double y, Colour colour, String caption, String outline) {
    }

    public record Drawing(int height, List<Marker> markers) {
    }

    private PointMap() {
    }

    static Colour colour(InspectionFigures.Latest latest, BigDecimal passScore) {
        if (latest.visit() == null) {
            return Colour.GREY;
        }
        if (latest.overdue() > 0 || latest.score() != null && latest.score().compareTo(passScore) < 0) {
            return Colour.RED;
        }
        return latest.open() > 0 ? Colour.AMBER : Colour.GREEN;
    }

    static Drawing draw(List<InspectionFigures.Latest> points, BigDecimal passScore) {
        if (points.isEmpty()) {
            return new Drawing(200, List.of());
        }
        double minLat = points.stream().mapToDouble(l -> l.point().latitude()).min().orElseThrow();
        double maxLat = points.stream().mapToDouble(l -> l.point().latitude()).max().orElseThrow();
        double minLng = points.stream().mapToDouble(l -> l.point().longitude()).min().orElseThrow();
        double maxLng = points.stream().mapToDouble(l -> l.point().longitude()).max().orElseThrow();
        // A degree of longitude is shorter than one of latitude away from the equator.
        double xScale = Math.cos(Math.toRadians((minLat + maxLat) / 2));
        double spanX = Math.max((maxLng - minLng) * xScale, 1e-4);
        double spanY = Math.max(maxLat - minLat, 1e-4);
        double pixels = (WIDTH - 2 * MARGIN) / Math.max(spanX, spanY * 0.75);
        int height = (int) Math.ceil(spanY * pixels) + 2 * MARGIN;
        List<Marker> markers = points.stream().map(l -> {
            double x = MARGIN + (l.point().longitude() - minLng) * xScale * pixels;
            double y = height - MARGIN - (l.point().latitude() - minLat) * pixels;
            String caption = l.point().name() + (l.score() == null ? "（未测评）" : "（" + l.score().toPlainString() + "分）");
            return new Marker(l.point().code(), l.point().name(), round(x), round(y), colour(l, passScore), caption,
                    outline(l.point(), minLat, minLng, xScale, pixels, height));
        }).toList();
        return new Drawing(height, markers);
    }

    /** A lane's or road's outline as SVG polygon points, or null. */
    private static String outline(Point point, double minLat, double minLng, double xScale, double pixels, int height) {
        if (point.outline() == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        String[] numbers = point.outline().replaceAll("[\\[\\]]", " ").trim().split("[ ,]+");
        for (int i = 0; i + 1 < numbers.length; i += 2) {
            double x = MARGIN + (Double.parseDouble(numbers[i]) - minLng) * xScale * pixels;
            double y = height - MARGIN - (Double.parseDouble(numbers[i + 1]) - minLat) * pixels;
            out.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return out.toString().trim();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
