package cn.wenming.report;

import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import cn.wenming.core.ResidentContribution;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handling a report from 待受理 to 已回访: every transition checked against the state, the role and
 * (for units) the report's unit, written with optimistic locking, recorded in the history and the
 * audit log, and announced to the resident through the outbox in the same transaction.
 */
@Service
public class ReportWorkflow {

    /** After this many 发回重办 for 不满意, a further 不满意 goes to the dispatcher to decide. */
    static final int MAX_REOPENS = 2;

    /** What a staff member asked for; the fields an action does not use are ignored. */
    public record Command(ReportAction action, int version, String note, String unit, String duplicateOf,
            List<PhotoStore.StoredPhoto> photos) {
    }

    private final JdbcClient jdbc;
    private final ReportRepository reports;
    private final ReportCategories categories;
    private final WorkingCalendar calendar;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final ReportLinks links;
    private final RatingOffers ratingOffers;
    private final ReportTexts texts;
    private final GridMap grid;
    private final ApplicationEventPublisher events;

    ReportWorkflow(JdbcClient jdbc, ReportRepository reports, ReportCategories categories, WorkingCalendar calendar,
            AuditLog audit, TransactionTemplate transaction, ReportLinks links, RatingOffers ratingOffers,
            ReportTexts texts, GridMap grid, ApplicationEventPublisher events) {
        this.grid = grid;
        this.events = events;
        this.jdbc = jdbc;
        this.reports = reports;
        this.categories = categories;
        this.calendar = calendar;
        this.audit = audit;
        this.transaction = transaction;
        this.links = links;
        this.ratingOffers = ratingOffers;
        this.texts = texts;
    }

    /** Whether this staff member may see the report at all: a unit sees only its own. */
    public static boolean maySee(Staff staff, String unitName) {
        return staff.role() != StaffRole.HANDLER || staff.unitName().equals(unitName);
    }

    /** The actions this staff member may take on the report now. */
    public List<ReportAction> available(Staff staff, ReportState state, String unitName, boolean needsDecision) {
        List<ReportAction> out = new ArrayList<>();
        for (ReportAction action : ReportAction.values()) {
            if (permitted(staff, action, unitName) && action.allowedFrom(state)
                    && (state != ReportState.REVIEWED || needsDecision)) {
                out.add(action);
            }
        }
        return out;
    }

    /** {@code ticket} as staff have it: the stored number, or the resident's with its check code. */
    public void apply(String ticket, Command command, Staff staff) {
        ReportRepository.Row row = reports.byTicket(Tickets.staffTicket(ticket))
                .orElseThrow(() -> new WorkflowException("没有这个举报：" + ticket));
        String ticketNo = row.ticketNo();
        ReportAction action = command.action();
        if (!maySee(staff, row.unitName()) || !permitted(staff, action, row.unitName())) {
            throw new WorkflowException("您没有权限对此举报执行“" + action.label() + "”。");
        }
        if (!available(staff, row.state(), row.unitName(), row.needsDecision()).contains(action)) {
            throw new WorkflowException("此举报当前为“" + row.state().label() + "”，不能" + action.label() + "。");
        }
        Step step = plan(row, command);
        transaction.executeWithoutResult(status -> {
            write(row, command.version(), step);
            reports.insertHistory(row.id(), step.to, staff.signature(), step.note);
            if (action == ReportAction.RESOLVE) {
                command.photos().forEach(p -> insertHandlingPhoto(row.id(), p));
            }
            if (step.notice != null) {
                notifyResidents(row, step.to, step.notice);
            }
            audit.record(action.label(), "report", ticketNo, row.state().label() + " · " + row.unitName(),
                    step.to.label() + (step.note == null ? "" : " · " + step.note));
            if (action == ReportAction.RESOLVE) {
                // 文明积分 for a report that reached 已办结; credited once per ticket, however often it is resolved.
                events.publishEvent(ResidentContribution.once(ResidentContribution.Source.REPORT, ticketNo,
                        row.appId(), row.reporterOpenid(), Instant.now()));
            }
        });
        if (action == ReportAction.RESOLVE && row.reporterOpenid() != null) {
            appOf(row).ifPresent(appId -> ratingOffers.offer(appId, row.reporterOpenid(), ticketNo));
        }
    }

    /**
     * The reporter's verdict on a handled report; returns the chat/page reply. {@code ticketNo} is the
     * stored number (from the rating offer, or checked with its code by the page).
     */
    public String rate(String ticketNo, String openid, Rating rating) {
        ReportRepository.Row row = reports.byTicket(ticketNo).filter(r -> openid.equals(r.reporterOpenid()))
                .orElseThrow(() -> new WorkflowException(texts.text("rate-not-found", "ticket", ticketNo)));
        String shown = Tickets.full(row);
        if (row.state() != ReportState.RESOLVED) {
            throw new WorkflowException(texts.text("rate-not-due", "ticket", shown, "state", row.state().label()));
        }
        int reopens = row.reopenCount();
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("rating", rating.name());
        set.put("rated_at", now());
        ReportState to;
        String note;
        String reply;
        if (rating != Rating.UNSATISFIED) {
            to = ReportState.REVIEWED;
            set.put("closed_at", now());
            note = "居民评价：" + rating.label();
            reply = texts.text("rated", "ticket", shown);
        } else if (reopens < MAX_REOPENS) {
            to = ReportState.IN_PROGRESS;
            set.put("reopen_count", reopens + 1);
            reopen(set, row);
            note = "居民评价：不满意，发回重办（第" + (reopens + 1) + "次）";
            reply = texts.text("rated-reopened", "unit", row.unitName());
        } else {
            to = ReportState.REVIEWED;
            set.put("needs_decision", true);
            note = "居民评价：不满意（已重办" + reopens + "次），转创城办研判";
            reply = texts.text("rated-escalated");
        }
        Step step = new Step(to, note, null, set);
        transaction.executeWithoutResult(status -> {
            write(row, row.version(), step);
            reports.insertHistory(row.id(), to, "居民", note);
        });
        appOf(row).ifPresent(appId -> ratingOffers.withdraw(appId, openid));
        return reply;
    }

    /** What the residents are told: the full text, and its one-line summary for template messages. */
    private record NoticeText(String text, String brief) {
    }

    /** The notice {@code notice-<name>} with its summary {@code brief-<name>}, both from report.yml. */
    private NoticeText notice(String name, Object... slotsAndValues) {
        return new NoticeText(texts.text("notice-" + name, slotsAndValues), texts.text("brief-" + name, slotsAndValues));
    }

    private record Step(ReportState to, String note, NoticeText notice, Map<String, Object> set) {
    }

    private Step plan(ReportRepository.Row row, Command command) {
        Map<String, Object> set = new LinkedHashMap<>();
        String note = blankToNull(command.note());
        ReportCategory.Deadline deadline = deadlineOf(row);
        switch (command.action()) {
            case ACCEPT -> {
                set.put("accepted_at", now());
                return new Step(ReportState.ACCEPTED, note, notice("accepted", "ticket", Tickets.full(row)),
                        set);
            }
            case REJECT -> {
                require(note, "请填写不予受理的理由。");
                set.put("closed_at", now());
                return new Step(ReportState.REJECTED, note,
                        notice("rejected", "ticket", Tickets.full(row), "reason", note), set);
            }
            case MARK_DUPLICATE -> {
                String original = blankToNull(command.duplicateOf());
                require(original, "请填写原举报编号。");
                ReportRepository.Row first = reports.byTicket(Tickets.staffTicket(original))
                        .filter(r -> r.id() != row.id())
                        .orElseThrow(() -> new WorkflowException("没有找到原举报 " + original + "。"));
                set.put("duplicate_of", first.id());
                set.put("closed_at", now());
                if (row.reporterOpenid() != null) {
                    // The reporter follows the original instead, and hears about its progress.
                    reports.follow(first.id(), row.reporterOpenid(), appOf(row).orElse(null));
                }
                return new Step(ReportState.DUPLICATE, "与" + first.ticketNo() + "重复" + (note == null ? "" : "：" + note),
                        notice("duplicate", "original", Tickets.full(first)), set);
            }
            case DISPATCH, REDISPATCH -> {
                String unit = blankToNull(command.unit());
                require(unit, "请选择责任单位。");
                // Only a unit the grid names (or the city queue): a typed name would reach no handler.
                if (!grid.units().contains(unit)) {
                    throw new WorkflowException("“" + clip(unit, 40) + "”不是已配置的责任单位，请从列表中选择。");
                }
                set.put("unit_name", unit);
                set.put("dispatched_at", now());
                set.put("due_at", null);
                set.put("signed_at", null);
                set.put("overdue", false);
                set.put("reminded", false);
                String what = command.action() == ReportAction.DISPATCH ? "派单至" : "改派至";
                return new Step(ReportState.DISPATCHED, what + unit + (note == null ? "" : "：" + note),
                        command.action() == ReportAction.DISPATCH ? notice("dispatched", "ticket",
                                Tickets.full(row), "unit", unit, "deadline", deadline.describe()) : null, set);
            }
            case SIGN -> {
                set.put("signed_at", now());
                restartClock(set, row);
                return new Step(ReportState.SIGNED, "签收，办理时限" + deadline.describe(), null, set);
            }
            case RETURN -> {
                require(note, "请填写退单理由。");
                // The clock stops until the report is dispatched and signed again.
                set.put("due_at", null);
                set.put("overdue", false);
                return new Step(ReportState.RETURNED, "退单：" + note, null, set);
            }
            case START -> {
                return new Step(ReportState.IN_PROGRESS, note, null, set);
            }
            case RESOLVE -> {
                require(note, "请填写处理情况。");
                if (command.photos() == null || command.photos().isEmpty()) {
                    throw new WorkflowException("办结须上传处理后的现场照片。");
                }
                Instant now = Instant.now();
                set.put("resolved_at", now());
                set.put("finished_late", row.dueAt() != null && now.isAfter(row.dueAt().toInstant()));
                return new Step(ReportState.RESOLVED, "办结：" + note,
                        notice("resolved", "ticket", Tickets.full(row), "note", note), set);
            }
            case REOPEN -> {
                set.put("needs_decision", false);
                set.put("reopen_count", 0);
                set.put("closed_at", null);
                reopen(set, row);
                return new Step(ReportState.IN_PROGRESS, "创城办发回重办" + (note == null ? "" : "：" + note), null, set);
            }
            case CLOSE -> {
                set.put("needs_decision", false);
                set.put("closed_at", now());
                return new Step(ReportState.REVIEWED, "创城办结案" + (note == null ? "" : "：" + note), null, set);
            }
            default -> throw new IllegalStateException(command.action().name());
        }
    }

    /** Sent back to be done again: no longer counted as resolved, and a fresh deadline. */
    private void reopen(Map<String, Object> set, ReportRepository.Row row) {
        set.put("resolved_at", null);
        set.put("finished_late", null);
        restartClock(set, row);
    }

    private void restartClock(Map<String, Object> set, ReportRepository.Row row) {
        set.put("due_at", OffsetDateTime.ofInstant(calendar.deadline(Instant.now(), deadlineOf(row)), ZoneOffset.UTC));
        set.put("reminded", false);
        set.put("overdue", false);
    }

    /**
     * The deadline stored with the report when it was filed: its category's, or the checklist item's
     * for a 测评 finding. Rows from before deadlines were stored fall back to the category's.
     */
    private ReportCategory.Deadline deadlineOf(ReportRepository.Row row) {
        if (row.deadlineHours() == null && row.deadlineWorkingDays() == null) {
            return categories.get(row.categoryCode()).deadline();
        }
        return new ReportCategory.Deadline(row.deadlineHours(), row.deadlineWorkingDays());
    }

    /** Optimistic locking: the update applies only to the version the staff member was looking at. */
    private void write(ReportRepository.Row row, int version, Step step) {
        StringBuilder sql = new StringBuilder("UPDATE report SET state = :state, version = version + 1, updated_at = now()");
        step.set.keySet().forEach(column -> sql.append(", ").append(column).append(" = :").append(column));
        var statement = jdbc.sql(sql.append(" WHERE id = :id AND version = :version").toString())
                .param("state", step.to.name()).param("id", row.id()).param("version", version);
        for (Map.Entry<String, Object> e : step.set.entrySet()) {
            statement = statement.param(e.getKey(), e.getValue());
        }
        if (statement.update() != 1) {
            throw new WorkflowException("此举报刚被他人更新，请刷新页面后再操作。");
        }
    }

    private void notifyResidents(ReportRepository.Row row, ReportState to, NoticeText notice) {
        List<String[]> recipients = new ArrayList<>();
        appOf(row).ifPresent(appId -> {
            if (row.reporterOpenid() != null) {
                recipients.add(new String[] {appId, row.reporterOpenid()});
            }
        });
        jdbc.sql("SELECT app_id, openid FROM report_follower WHERE report_id = :id AND app_id IS NOT NULL")
                .param("id", row.id()).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list()
                .forEach(recipients::add);
        // Followers get the same notice: the ticket, the state and staff's words, never the reporter's text.
        String ticket = Tickets.full(row);
        for (String[] r : recipients) {
            reports.insertOutbox(row.id(), r[0], r[1],
                    new ResidentNotifier.Notice(notice.text(), ticket, to.label(), notice.brief(),
                            links.report(r[0], ticket)));
        }
    }

    private void insertHandlingPhoto(long reportId, PhotoStore.StoredPhoto photo) {
        jdbc.sql("""
                INSERT INTO report_photo (id, report_id, stage, status, sha256, content_type, width, height, size_bytes)
                VALUES (gen_random_uuid(), :report, 'handling', 'stored', :sha, :type, :w, :h, :size)
                ON CONFLICT DO NOTHING""")
                .param("report", reportId).param("sha", photo.sha256()).param("type", photo.contentType())
                .param("w", photo.width()).param("h", photo.height()).param("size", photo.size()).update();
    }

    private static Optional<String> appOf(ReportRepository.Row row) {
        return Optional.ofNullable(row.appId());
    }

    /** Units act on their own reports; an admin may do whatever the 创城办 may. */
    private static boolean permitted(Staff staff, ReportAction action, String unitName) {
        if (action.role() == StaffRole.HANDLER) {
            return staff.role() == StaffRole.HANDLER && staff.unitName().equals(unitName);
        }
        return staff.role() == StaffRole.DISPATCHER || staff.role() == StaffRole.ADMIN;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static void require(String value, String message) {
        if (value == null) {
            throw new WorkflowException(message);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
