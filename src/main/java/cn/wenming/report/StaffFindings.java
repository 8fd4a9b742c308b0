package cn.wenming.report;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Problems staff find on their rounds (测评 不合格 items), filed as reports in the ordinary workflow so
 * units rectify them with the tools they know, and read back for the inspection ledgers.
 */
@org.springframework.modulith.NamedInterface("findings")
@Service
public class StaffFindings {

    /** The channel findings are stored under (reports from residents have wechat, h5 or open311). */
    static final String CHANNEL = "inspection";

    /**
     * One problem to file.
     *
     * @param unit          the point's 包保单位: must be a unit the grid names (or the city queue)
     * @param origin        where it was found, for the timeline ("2026年12月督导 · 新苑农贸市场 · MKT-01")
     * @param submissionKey the same key files nothing twice
     */
    @org.springframework.modulith.NamedInterface("findings")
    public record Finding(String categoryCode, double latitude, double longitude, String address,
            String description, String unit, Integer deadlineHours, Integer deadlineWorkingDays, List<byte[]> photos,
            String inspector, String origin, String submissionKey) {
    }

    /** A finding's report as the ledgers show it; photo ids open at /console/reports/photos/{id}. */
    @org.springframework.modulith.NamedInterface("findings")
    public record Status(String ticketNo, String stateLabel, boolean open, boolean resolved, String unit,
            OffsetDateTime dispatchedAt, OffsetDateTime dueAt, OffsetDateTime resolvedAt, boolean overdue,
            Boolean finishedLate, String lastNote, List<String> beforePhotos, List<String> afterPhotos) {
    }

    /** A finding that cannot be filed as given; the message says why, in Chinese. */
    @org.springframework.modulith.NamedInterface("findings")
    public static class InvalidFinding extends RuntimeException {
        public InvalidFinding(String message) {
            super(message);
        }
    }

    private final ReportService reports;
    private final ReportCategories categories;
    private final GridMap grid;
    private final PhotoStore photos;
    private final JdbcClient jdbc;
    private final ReportRepository repository;

    StaffFindings(ReportService reports, ReportCategories categories, GridMap grid, PhotoStore photos,
            JdbcClient jdbc, ReportRepository repository) {
        this.reports = reports;
        this.categories = categories;
        this.grid = grid;
        this.photos = photos;
        this.jdbc = jdbc;
        this.repository = repository;
    }

    /** The 随手拍 category's name, or null when there is no such category. */
    public String categoryName(String code) {
        return categories.find(code).map(ReportCategory::name).orElse(null);
    }

    /**
     * Files the finding; joins the caller's transaction. Photos are stored without EXIF first.
     *
     * @return the report's ticket number
     * @throws InvalidFinding for an unknown category or unit, a position off the map, or a photo that
     *                        is not a JPEG/PNG/WebP image of a sensible size
     */
    public String file(Finding finding) {
        if (categories.find(finding.categoryCode()).isEmpty()) {
            throw new InvalidFinding("没有这个随手拍类别：" + finding.categoryCode());
        }
        if (!grid.units().contains(finding.unit())) {
            throw new InvalidFinding("“" + finding.unit() + "”不是已配置的责任单位。");
        }
        if (!ReportService.validPoint(finding.latitude(), finding.longitude())) {
            throw new InvalidFinding("点位坐标无效。");
        }
        List<NewReport.Photo> stored = new ArrayList<>();
        for (byte[] bytes : finding.photos()) {
            try {
                stored.add(new NewReport.StoredPhoto(photos.store(bytes)));
            } catch (PhotoStore.PhotoTooLargeException e) {
                throw new InvalidFinding("照片太大了，请换一张较小的照片。");
            } catch (PhotoStore.UnsupportedPhotoException e) {
                throw new InvalidFinding("照片无法识别，请上传 JPG、PNG 或 WebP 格式的照片。");
            }
        }
        NewReport report = new NewReport(CHANNEL, null, null, finding.categoryCode(), finding.latitude(),
                finding.longitude(), clip(finding.address(), ReportService.MAX_ADDRESS),
                clip(finding.description(), 4000), null, false, stored, finding.submissionKey(), false);
        return reports.fileFinding(report, finding.unit(),
                new ReportCategory.Deadline(finding.deadlineHours(), finding.deadlineWorkingDays()),
                finding.inspector(), finding.origin());
    }

    /** Where each of these reports stands now, by ticket number (unknown numbers are left out). */
    public Map<String, Status> statuses(Collection<String> ticketNos) {
        Map<String, Status> out = new LinkedHashMap<>();
        if (ticketNos.isEmpty()) {
            return out;
        }
        List<ReportRepository.Row> rows = repository.byTickets(ticketNos);
        List<Long> ids = rows.stream().map(ReportRepository.Row::id).toList();
        Map<Long, List<ReportView.PhotoRef>> photoRefs = repository.photos(ids);
        Map<Long, List<ReportView.Step>> history = repository.history(ids);
        Map<Long, Timing> timings = new java.util.HashMap<>();
        jdbc.sql("SELECT id, dispatched_at, resolved_at, finished_late FROM report WHERE id IN (:ids)").param("ids", ids)
                .query((java.sql.ResultSet rs) -> {
                    timings.put(rs.getLong(1), new Timing(rs.getObject(2, OffsetDateTime.class),
                            rs.getObject(3, OffsetDateTime.class), (Boolean) rs.getObject(4)));
                });
        for (ReportRepository.Row row : rows) {
            List<ReportView.PhotoRef> refs = photoRefs.getOrDefault(row.id(), List.of());
            List<ReportView.Step> steps = history.getOrDefault(row.id(), List.of());
            Timing timing = timings.get(row.id());
            boolean resolved = row.state() == ReportState.RESOLVED || row.state() == ReportState.REVIEWED;
            boolean late = row.state().isOpen() && (row.overdue()
                    || row.dueAt() != null && row.dueAt().toInstant().isBefore(java.time.Instant.now()));
            out.put(row.ticketNo(), new Status(row.ticketNo(), row.state().label(), row.state().isOpen(), resolved,
                    row.unitName(), timing.dispatchedAt(), row.dueAt(), timing.resolvedAt(), late,
                    timing.finishedLate(), steps.isEmpty() ? null : steps.get(steps.size() - 1).note(),
                    ids(refs, "report"), ids(refs, "handling")));
        }
        return out;
    }

    private record Timing(OffsetDateTime dispatchedAt, OffsetDateTime resolvedAt, Boolean finishedLate) {
    }

    private static List<String> ids(List<ReportView.PhotoRef> refs, String stage) {
        return refs.stream().filter(p -> stage.equals(p.stage()) && !p.pending()).map(ReportView.PhotoRef::id).toList();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
