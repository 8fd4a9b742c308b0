package cn.wenming.inspection;

import cn.wenming.report.StaffFindings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Scores and problem counts per point, type, unit and street, for a round and over rounds, with the
 * rectification state of every problem read from its report.
 */
@Service
class InspectionFigures {

    /** Rounds a trend shows, oldest first. */
    static final int TREND_ROUNDS = 6;

    /** A problem and where its report stands. */
    public record Problem(InspectionRepository.Round round, Point point, InspectionRepository.Mark mark, String inspector,
            StaffFindings.Status status) {

        /** 整改 as the ledger says it. */
        public String rectification() {
            if (status == null) {
                return "工单缺失";
            }
            if (status.resolved()) {
                return "已整改";
            }
            if (status.open()) {
                return status.overdue() ? "超期未整改" : "整改中";
            }
            return status.stateLabel();
        }

        public boolean open() {
            return status != null && status.open();
        }

        public boolean overdue() {
            return status != null && status.open() && status.overdue();
        }
    }

    /** A point's figures in one round. */
    public record PointFigures(Point point, String typeName, InspectionRepository.Visit visit, long problems, long open,
            long overdue) {

        public BigDecimal score() {
            return visit.tally().score();
        }

        public BigDecimal passRate() {
            return visit.tally().passRate();
        }
    }

    /** A type's, unit's or street's figures in one round, and its scores in the rounds before. */
    public record ScopeFigures(String name, int points, InspectionScores.Tally tally, long problems, long open, long overdue,
            List<BigDecimal> trend) {
    }

    /** One round's figures. */
    public record RoundFigures(InspectionRepository.Round round, int planned, List<PointFigures> points,
            InspectionScores.Tally total, long problems, long open, long overdue, List<ScopeFigures> byType,
            List<ScopeFigures> byUnit, List<ScopeFigures> byStreet, List<InspectionRepository.Round> trendRounds) {
    }

    /** A point's latest result over all rounds, for the map and the point ledger. */
    public record Latest(Point point, String typeName, InspectionRepository.Round round, InspectionRepository.Visit visit,
            int visits, List<BigDecimal> scores, long problems, long open, long overdue) {

        public BigDecimal score() {
            return visit == null ? null : visit.tally().score();
        }

        public BigDecimal passRate() {
            return visit == null ? null : visit.tally().passRate();
        }
    }

    private final InspectionRepository repository;
    private final PointLibrary library;
    private final Checklists checklists;
    private final StaffFindings findings;

    InspectionFigures(InspectionRepository repository, PointLibrary library, Checklists checklists,
            StaffFindings findings) {
        this.repository = repository;
        this.library = library;
        this.checklists = checklists;
        this.findings = findings;
    }

    /** Every problem found so far, oldest round first, with its report's state. */
    List<Problem> problems() {
        return problems(repository.problems());
    }

    Optional<RoundFigures> round(long roundId) {
        Optional<InspectionRepository.Round> round = repository.round(roundId);
        if (round.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Point> points = pointsByCode();
        List<InspectionRepository.Round> all = repository.rounds();
        // The trend: this round and up to five before it, oldest first.
        List<InspectionRepository.Round> trendRounds = all.stream()
                .filter(r -> !r.startedAt().isAfter(round.get().startedAt())).limit(TREND_ROUNDS)
                .sorted(Comparator.comparing(InspectionRepository.Round::startedAt)).toList();
        Map<Long, List<InspectionRepository.Visit>> visitsByRound = new LinkedHashMap<>();
        trendRounds.forEach(r -> visitsByRound.put(r.id(), repository.visits(r.id())));
        List<InspectionRepository.Visit> visits = visitsByRound.containsKey(roundId) ? visitsByRound.get(roundId)
                : repository.visits(roundId);
        List<Problem> problems = problems(repository.problemsOf(List.of(roundId)));
        Map<String, List<Problem>> problemsByPoint = problems.stream()
                .collect(Collectors.groupingBy(p -> p.point().code()));
        List<PointFigures> pointFigures = visits.stream().filter(InspectionRepository.Visit::done).map(v -> {
            List<Problem> own = problemsByPoint.getOrDefault(v.pointCode(), List.of());
            Point point = points.get(v.pointCode());
            return new PointFigures(point, checklists.name(point.typeCode()), v, own.size(),
                    own.stream().filter(Problem::open).count(), own.stream().filter(Problem::overdue).count());
        }).toList();
        InspectionScores.Tally total = pointFigures.stream().map(p -> p.visit().tally())
                .reduce(InspectionScores.Tally.EMPTY, InspectionScores.Tally::plus);
        return Optional.of(new RoundFigures(round.get(), visits.size(), pointFigures, total, problems.size(),
                problems.stream().filter(Problem::open).count(), problems.stream().filter(Problem::overdue).count(),
                scopes(pointFigures, p -> checklists.name(p.typeCode()), visitsByRound, trendRounds, points),
                scopes(pointFigures, Point::unit, visitsByRound, trendRounds, points),
                scopes(pointFigures, p -> p.street() == null ? "（未填街道）" : p.street(), visitsByRound, trendRounds,
                        points),
                trendRounds));
    }

    /** Every point with its latest submitted visit and all its problems' states. */
    List<Latest> latest() {
        Map<Long, InspectionRepository.Round> rounds = repository.rounds().stream()
                .collect(Collectors.toMap(InspectionRepository.Round::id, Function.identity()));
        Map<String, List<InspectionRepository.Visit>> visits = repository.doneVisits().stream()
                .collect(Collectors.groupingBy(InspectionRepository.Visit::pointCode, LinkedHashMap::new,
                        Collectors.toList()));
        Map<String, List<Problem>> problems = problems().stream().collect(Collectors.groupingBy(p -> p.point().code()));
        List<Latest> out = new ArrayList<>();
        for (Point point : library.all()) {
            List<InspectionRepository.Visit> own = visits.getOrDefault(point.code(), List.of());
            InspectionRepository.Visit last = own.isEmpty() ? null : own.get(own.size() - 1);
            List<Problem> found = problems.getOrDefault(point.code(), List.of());
            out.add(new Latest(point, checklists.name(point.typeCode()), last == null ? null : rounds.get(last.roundId()),
                    last, own.size(), own.stream().map(v -> v.tally().score()).toList(), found.size(),
                    found.stream().filter(Problem::open).count(), found.stream().filter(Problem::overdue).count()));
        }
        return out;
    }

    private List<ScopeFigures> scopes(List<PointFigures> pointFigures, Function<Point, String> scopeOf,
            Map<Long, List<InspectionRepository.Visit>> visitsByRound, List<InspectionRepository.Round> trendRounds,
            Map<String, Point> points) {
        Map<String, List<PointFigures>> grouped = pointFigures.stream()
                .collect(Collectors.groupingBy(p -> scopeOf.apply(p.point()), LinkedHashMap::new, Collectors.toList()));
        List<ScopeFigures> out = new ArrayList<>();
        grouped.forEach((name, members) -> {
            List<BigDecimal> trend = trendRounds.stream().map(r -> visitsByRound.get(r.id()).stream()
                    .filter(v -> v.done() && name.equals(scopeOf.apply(points.get(v.pointCode()))))
                    .map(InspectionRepository.Visit::tally)
                    .reduce(InspectionScores.Tally.EMPTY, InspectionScores.Tally::plus).score()).toList();
            out.add(new ScopeFigures(name, members.size(), members.stream().map(p -> p.visit().tally())
                    .reduce(InspectionScores.Tally.EMPTY, InspectionScores.Tally::plus),
                    members.stream().mapToLong(PointFigures::problems).sum(),
                    members.stream().mapToLong(PointFigures::open).sum(),
                    members.stream().mapToLong(PointFigures::overdue).sum(), trend));
        });
        // Weakest first: the 通报 names those who must catch up.
        out.sort(Comparator.comparing((ScopeFigures s) -> s.tally().score(),
                Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    private List<Problem> problems(List<InspectionRepository.Found> found) {
        Map<String, StaffFindings.Status> statuses = findings.statuses(found.stream()
                .map(f -> f.mark().reportTicket()).toList());
        Map<Long, InspectionRepository.Round> rounds = repository.rounds().stream()
                .collect(Collectors.toMap(InspectionRepository.Round::id, Function.identity()));
        Map<String, Point> points = pointsByCode();
        return found.stream().map(f -> new Problem(rounds.get(f.mark().roundId()), points.get(f.mark().pointCode()),
                f.mark(), f.inspector(), statuses.get(f.mark().reportTicket()))).toList();
    }

    private Map<String, Point> pointsByCode() {
        return library.all().stream().collect(Collectors.toMap(Point::code, Function.identity()));
    }
}
