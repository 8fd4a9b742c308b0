package cn.wenming.report;

import cn.wenming.core.CityTime;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The public board (陋习曝光台 / 红黑榜) at /h5/board: handled reports with no trace of who reported
 * them — no openid, phone, exact address or coordinates, the description with numbers masked — and
 * photos only for categories whose {@code publish-photos} is true; and the month's best and worst units.
 */
@Service
public class ReportBoard {

    /** States in which a report counts as handled and may be shown. */
    static final String HANDLED = "'" + ReportState.RESOLVED.name() + "', '" + ReportState.REVIEWED.name() + "'";

    private static final int MAX_DESCRIPTION = 80;
    /** Mobile numbers, then any other run of 5+ digits (landlines, plates' digits, house numbers, ids). */
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)(1\\d{2})\\d{4}(\\d{4})(?!\\d)");
    /** 居民身份证号: 17 digits and a check digit or X (the X would survive {@link #DIGITS}). */
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dXx](?![0-9A-Za-z])");
    /**
     * A name the resident gives: the Han characters after 我是 / 我叫 / 我姓 / 姓名 / 联系人, or after
     * 本人 when they start with a common surname (本人 alone also starts "本人发现…"). Catches some words
     * that are not names ("我是业主" → "我是**"): in a public text that costs less than a missed name.
     */
    private static final Pattern NAME = Pattern.compile("(我是|我叫|我姓|姓名[:：]?|联系人[:：]?)\\s*\\p{IsHan}{1,4}"
            + "|(本人(?:是|叫)?)\\s*[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            + "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧易]\\p{IsHan}{1,2}");
    private static final Pattern DIGITS = Pattern.compile("\\d{5,}");
    /** Chinese licence plates: province, letter, 5–6 letters/digits. */
    private static final Pattern PLATE = Pattern.compile(
            "([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-Z])[·\\s]?[A-Z0-9]{5,6}");

    /** A handled report as the public sees it. */
    public record Item(String categoryName, String area, String unitName, String description, OffsetDateTime createdAt,
            OffsetDateTime resolvedAt, List<String> beforePhotos, List<String> afterPhotos) {

        /** 上报 → 办结. */
        public String timeTaken() {
            return createdAt == null || resolvedAt == null ? "—"
                    : ReportFigures.duration(Duration.between(createdAt, resolvedAt));
        }

        public String resolved() {
            return CityTime.full(resolvedAt);
        }
    }

    /** The 红黑榜 of one month: best first in {@code red}, worst first in {@code black}. */
    public record Ranking(YearMonth month, int minResolved, List<ReportFigures.UnitFigures> red,
            List<ReportFigures.UnitFigures> black, int eligible) {
    }

    /** A published photo's file. */
    public record PhotoFile(String sha256, String contentType) {
    }

    private final JdbcClient jdbc;
    private final ReportCategories categories;
    private final ReportFigures figures;
    private final int minResolved;
    private final int listSize;

    ReportBoard(JdbcClient jdbc, ReportCategories categories, ReportFigures figures,
            @Value("${wenming.report.board.min-resolved:5}") int minResolved,
            @Value("${wenming.report.board.list-size:3}") int listSize) {
        this.jdbc = jdbc;
        this.categories = categories;
        this.figures = figures;
        this.minResolved = minResolved;
        this.listSize = listSize;
    }

    /** 测评 findings (暗访 among them) are the campaign's own records, not residents' reports to publish. */
    private static final String NOT_INSPECTION = " AND r.channel <> '" + StaffFindings.CHANNEL + "'";

    /** The most recently handled reports. */
    public List<Item> recent(int limit) {
        record Found(long id, String categoryCode, String district, String street, String community, String unit,
                String description, OffsetDateTime created, OffsetDateTime resolved) {
        }
        List<Found> found = jdbc.sql("SELECT r.id, r.category_code, r.district_name, r.street_name, r.community_name,"
                + " r.unit_name, r.description, r.created_at, r.resolved_at FROM report r"
                + " WHERE r.state IN (" + HANDLED + ") AND r.resolved_at IS NOT NULL" + NOT_INSPECTION
                + " ORDER BY r.resolved_at DESC, r.id DESC LIMIT :limit")
                .param("limit", limit)
                .query((rs, n) -> new Found(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class)))
                .list();
        List<Long> published = found.stream().filter(f -> publishes(f.categoryCode())).map(Found::id).toList();
        Map<Long, List<String>> before = photoIds(published, "report");
        Map<Long, List<String>> after = photoIds(published, "handling");
        List<Item> out = new ArrayList<>();
        for (Found f : found) {
            out.add(new Item(categories.find(f.categoryCode()).map(ReportCategory::name).orElse("其他"),
                    area(f.district(), f.street(), f.community()), f.unit(), scrub(f.description()), f.created(),
                    f.resolved(), before.getOrDefault(f.id(), List.of()), after.getOrDefault(f.id(), List.of())));
        }
        return out;
    }

    /**
     * The month's 红黑榜: units with at least {@code min-resolved} reports resolved in the month, ranked
     * by {@link ReportFigures.UnitFigures#score()}. At most {@code list-size} units on each list, and
     * never the same unit on both (with few units, the better half is red, the worse half black).
     */
    public Ranking ranking(YearMonth month) {
        LocalDate start = month.atDay(1);
        List<ReportFigures.UnitFigures> eligible = new ArrayList<>(figures.byUnit(start, start.plusMonths(1), null)
                .stream().filter(u -> u.resolved() >= minResolved && u.onTime().known()).toList());
        Comparator<ReportFigures.UnitFigures> best = Comparator
                .comparingDouble(ReportFigures.UnitFigures::score).reversed()
                .thenComparing(Comparator.comparingLong(ReportFigures.UnitFigures::resolved).reversed())
                .thenComparing(ReportFigures.UnitFigures::unit);
        eligible.sort(best);
        int n = eligible.size();
        int redSize = Math.min(listSize, (n + 1) / 2);
        int blackSize = Math.min(listSize, n - redSize);
        List<ReportFigures.UnitFigures> red = List.copyOf(eligible.subList(0, redSize));
        List<ReportFigures.UnitFigures> black = new ArrayList<>(eligible.subList(n - blackSize, n));
        Collections.reverse(black);
        return new Ranking(month, minResolved, red, List.copyOf(black), n);
    }

    /** A photo the board may show: stored, of a handled report, in a category that publishes photos. */
    public Optional<PhotoFile> publishedPhoto(String photoId) {
        UUID id;
        try {
            id = UUID.fromString(photoId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT p.sha256, p.content_type, r.category_code FROM report_photo p"
                + " JOIN report r ON r.id = p.report_id WHERE p.id = :id AND p.status = 'stored'"
                + " AND p.stage IN ('report', 'handling') AND r.state IN (" + HANDLED + ")" + NOT_INSPECTION)
                .param("id", id)
                .query((rs, n) -> Map.entry(rs.getString(3), new PhotoFile(rs.getString(1), rs.getString(2))))
                .optional().filter(found -> publishes(found.getKey())).map(Map.Entry::getValue);
    }

    /**
     * Whether the board shows this report's photos (reported and handling ones): handled, in a category
     * that publishes photos. A resident who only follows a report sees its photos on the same terms.
     */
    boolean showsPhotosOf(String categoryCode, ReportState state) {
        return (state == ReportState.RESOLVED || state == ReportState.REVIEWED) && publishes(categoryCode);
    }

    private boolean publishes(String categoryCode) {
        return categories.find(categoryCode).map(ReportCategory::publishPhotos).orElse(false);
    }

    private Map<Long, List<String>> photoIds(List<Long> reportIds, String stage) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT report_id, id FROM report_photo WHERE report_id IN (:ids) AND stage = :stage"
                + " AND status = 'stored' ORDER BY seq").param("ids", reportIds).param("stage", stage)
                .query((ResultSet rs) -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return out;
    }

    /** District and community (or street): never the typed address or the point. */
    static String area(String district, String street, String community) {
        StringJoiner out = new StringJoiner(" · ");
        if (district != null) {
            out.add(district);
        }
        if (community != null) {
            out.add(community);
        } else if (street != null) {
            out.add(street);
        }
        return out.length() == 0 ? "市区" : out.toString();
    }

    /**
     * The description as the board shows it: {@link #mask} with phone numbers as 138****1234, cut to
     * {@value #MAX_DESCRIPTION} characters. The board shows only handled reports, which staff have read.
     */
    static String scrub(String description) {
        String text = mask(description, true);
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION) + "…";
    }

    /**
     * The description as a machine-readable public feed (Open311) may carry it: {@link #mask} with
     * phone numbers removed entirely, not cut. Such a feed is copied and joined with other data, so
     * it keeps not even the first and last digits of a number.
     */
    static String redact(String description) {
        return mask(description, false);
    }

    /**
     * Whitespace collapsed; names after 我是/我叫/本人…, ID numbers, mobile numbers (kept as 138****1234
     * when {@code phoneShape}), plates and any other run of 5+ digits masked. Names typed without
     * such a lead-in cannot be found this way.
     */
    static String mask(String description, boolean phoneShape) {
        if (description == null) {
            return "";
        }
        String text = description.strip().replaceAll("\\s+", " ");
        text = NAME.matcher(text).replaceAll(m -> (m.group(1) != null ? m.group(1) : m.group(2)) + "**");
        text = ID_NUMBER.matcher(text).replaceAll(m -> "*".repeat(m.group().length()));
        if (phoneShape) {
            text = MOBILE.matcher(text).replaceAll("$1****$2");
        }
        text = PLATE.matcher(text).replaceAll("$1$2·****");
        return DIGITS.matcher(text).replaceAll(m -> "*".repeat(m.group().length()));
    }
}
