package cn.wenming.inspection;

import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import cn.wenming.report.StaffFindings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starting and closing rounds, and taking in what an inspector marked at a point: scored, stored, and
 * every 不合格 filed as a report to the point's 包保单位 — all in one transaction, once per point and
 * round, however often a phone resends its offline draft.
 */
@Service
class InspectionRounds {

    /** Longest note an inspector may add to an item. */
    static final int MAX_NOTE = 300;
    static final int MAX_COUNT = 999;

    /** What the inspector said of one item. */
    record MarkInput(InspectionScores.Result result, Integer count, String note, List<byte[]> photos) {
    }

    /** The outcome of a submission; {@code tickets} are the reports its 不合格 items became. */
    sealed interface Outcome {
        record Stored(long roundId, String pointCode, InspectionScores.Tally tally, List<String> tickets,
                boolean repeated) implements Outcome {
        }

        /** Not stored: the message says why (Chinese); {@code conflict} when another submission won. */
        record Refused(String message, boolean conflict) implements Outcome {
        }
    }

    private final InspectionRepository repository;
    private final PointLibrary points;
    private final Checklists checklists;
    private final StaffFindings findings;
    private final TransactionTemplate transaction;
    private final AuditLog audit;

    InspectionRounds(InspectionRepository repository, PointLibrary points, Checklists checklists,
            StaffFindings findings, TransactionTemplate transaction, AuditLog audit) {
        this.repository = repository;
        this.points = points;
        this.checklists = checklists;
        this.findings = findings;
        this.transaction = transaction;
        this.audit = audit;
    }

    /** A started round's id, or why it was not started (Chinese). */
    record Started(Long roundId, String problem) {
    }

    /** Starts a round over these points. */
    Started start(RoundKind kind, String title, Collection<String> pointCodes, Staff staff) {
        Set<String> codes = new LinkedHashSet<>(pointCodes);
        if (codes.isEmpty()) {
            return new Started(null, "请至少选择一个点位。");
        }
        for (String code : codes) {
            if (points.find(code).filter(Point::active).isEmpty()) {
                return new Started(null, "没有这个点位或已停用：" + code);
            }
        }
        String name = title == null || title.isBlank()
                ? LocalDate.now(CityTime.ZONE).getYear() + "年" + LocalDate.now(CityTime.ZONE).getMonthValue() + "月"
                        + kind.label()
                : title.strip();
        if (name.length() > 100) {
            return new Started(null, "轮次名称不超过100字。");
        }
        long id = transaction.execute(status -> {
            long round = repository.insertRound(kind, name, staff.signature());
            codes.forEach(code -> repository.insertVisit(round, code));
            audit.record("开始测评轮次", "inspection-round", String.valueOf(round), null,
                    kind.label() + " · " + name + " · " + codes.size() + "个点位");
            return round;
        });
        return new Started(id, null);
    }

    boolean close(long roundId, Staff staff) {
        boolean closed = repository.close(roundId);
        if (closed) {
            audit.record("结束测评轮次", "inspection-round", String.valueOf(roundId), "进行中", "已结束");
        }
        return closed;
    }

    /**
     * Takes in one point's marks. The same {@code submissionKey} again answers with the first outcome
     * (an offline draft sent twice); a different submission for a point already done is refused.
     */
    Outcome submit(long roundId, String pointCode, String submissionKey, Map<String, MarkInput> marks, Staff staff) {
        if (submissionKey == null || !submissionKey.matches("[A-Za-z0-9-]{8,64}")) {
            return new Outcome.Refused("提交编号无效，请刷新页面后重试。", false);
        }
        Optional<InspectionRepository.Visit> earlier = repository.visitBySubmission(submissionKey);
        if (earlier.isPresent()) {
            return stored(earlier.get(), true);
        }
        Optional<InspectionRepository.Round> round = repository.round(roundId);
        Optional<InspectionRepository.Visit> visit = repository.visit(roundId, pointCode);
        Optional<Point> point = points.find(pointCode);
        if (round.isEmpty() || visit.isEmpty() || point.isEmpty()) {
            return new Outcome.Refused("本轮测评没有这个点位。", false);
        }
        if (!round.get().open()) {
            return new Outcome.Refused("本轮测评已结束，不能再提交。", true);
        }
        if (visit.get().done()) {
            return new Outcome.Refused("该点位本轮已由" + visit.get().inspector() + "提交。", true);
        }
        PointType type = checklists.find(point.get().typeCode()).orElseThrow();
        Optional<String> invalid = problem(type, marks);
        if (invalid.isPresent()) {
            return new Outcome.Refused(invalid.get(), false);
        }
        try {
            return transaction.execute(status -> {
                if (!repository.claimVisit(roundId, pointCode, submissionKey, staff.signature())) {
                    status.setRollbackOnly();
                    return new Outcome.Refused("该点位本轮已有人提交。", true);
                }
                InspectionScores.Tally tally = InspectionScores.Tally.EMPTY;
                List<String> tickets = new ArrayList<>();
                for (ChecklistItem item : type.items()) {
                    MarkInput input = marks.get(item.code());
                    InspectionScores.ItemScore score = InspectionScores.score(item, input.result(), input.count());
                    tally = tally.add(item.weight(), score);
                    String ticket = score.result() == InspectionScores.Result.FAIL
                            ? file(round.get(), point.get(), item, input, submissionKey, staff) : null;
                    if (ticket != null) {
                        tickets.add(ticket);
                    }
                    repository.insertMark(new InspectionRepository.Mark(roundId, pointCode, item.code(), item.text(),
                            score.result(), item.judge() == ChecklistItem.Judge.COUNT ? count(input) : null,
                            item.weight(), score.points(), blankToNull(input.note()), ticket));
                }
                repository.scoreVisit(roundId, pointCode, tally);
                audit.record("提交点位测评", "inspection-visit", roundId + "/" + pointCode, null,
                        "得分" + tally.score() + " · 不合格" + tickets.size() + "项" + (tickets.isEmpty() ? ""
                                : " · " + String.join("、", tickets)));
                return new Outcome.Stored(roundId, pointCode, tally, tickets, false);
            });
        } catch (StaffFindings.InvalidFinding e) {
            return new Outcome.Refused(e.getMessage(), false);
        } catch (DuplicateKeyException e) {
            // The same draft raced in from two tabs: the other one stored it.
            return repository.visitBySubmission(submissionKey).map(v -> stored(v, true))
                    .orElse(new Outcome.Refused("该点位本轮已有人提交。", true));
        }
    }

    private Outcome stored(InspectionRepository.Visit visit, boolean repeated) {
        List<String> tickets = repository.marks(visit.roundId(), visit.pointCode()).stream()
                .map(InspectionRepository.Mark::reportTicket).filter(t -> t != null).toList();
        return new Outcome.Stored(visit.roundId(), visit.pointCode(), visit.tally(), tickets, repeated);
    }

    private String file(InspectionRepository.Round round, Point point, ChecklistItem item, MarkInput input,
            String submissionKey, Staff staff) {
        String description = "【测评不合格】" + item.text()
                + (item.judge() == ChecklistItem.Judge.COUNT ? "（发现" + count(input) + "处）" : "")
                + (blankToNull(input.note()) == null ? "" : "：" + input.note().strip());
        return findings.file(new StaffFindings.Finding(item.category(), point.latitude(), point.longitude(),
                point.address(), description, point.unit(), item.deadlineHours(), item.deadlineWorkingDays(),
                input.photos(), staff.signature(),
                round.title() + " · " + point.name() + "（" + point.code() + "）· " + item.code(),
                "inspection:" + submissionKey + ":" + item.code()));
    }

    /** Why these marks cannot be taken, or empty: every item marked, counts sane, photos where required. */
    private static Optional<String> problem(PointType type, Map<String, MarkInput> marks) {
        for (String code : marks.keySet()) {
            if (type.items().stream().noneMatch(i -> i.code().equals(code))) {
                return Optional.of("条目" + code + "不属于" + type.name() + "的测评内容，请刷新页面。");
            }
        }
        for (ChecklistItem item : type.items()) {
            MarkInput input = marks.get(item.code());
            if (input == null || input.result() == null) {
                return Optional.of("还有条目没有评定：" + item.code() + " " + item.text());
            }
            if (item.judge() == ChecklistItem.Judge.COUNT && input.result() != InspectionScores.Result.NA
                    && (input.count() == null || input.count() < 0 || input.count() > MAX_COUNT)) {
                return Optional.of("请填写" + item.code() + "发现的数量（0–" + MAX_COUNT + "）。");
            }
            if (input.note() != null && input.note().length() > MAX_NOTE) {
                return Optional.of(item.code() + "的说明不超过" + MAX_NOTE + "字。");
            }
            boolean failed = InspectionScores.score(item, input.result(), input.count()).result()
                    == InspectionScores.Result.FAIL;
            if (failed && item.photoRequired() && input.photos().isEmpty()) {
                return Optional.of(item.code() + "评为不合格，须拍照留证。");
            }
        }
        return Optional.empty();
    }

    private static Integer count(MarkInput input) {
        return input.count() == null ? 0 : input.count();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
