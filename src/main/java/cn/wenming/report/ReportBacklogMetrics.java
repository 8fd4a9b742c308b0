package cn.wenming.report;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Backlog gauges for operators: photos WeChat has not handed over yet, outbox messages waiting or given
 * up, and reports 超期未办结 right now. A scrape must answer even when PostgreSQL does not, so the
 * counts are taken on a schedule in one query and the gauges show the last values taken;
 * {@code wenming.report.backlog.age} says how old those are. Every instance counts the same tables:
 * take the max across instances, never the sum.
 */
@Component
class ReportBacklogMetrics {

    private static final Logger log = LoggerFactory.getLogger(ReportBacklogMetrics.class);
    /** Well inside the refresh interval: a stuck database must not hold a scheduler thread for long. */
    private static final int QUERY_TIMEOUT_SECONDS = 10;
    private static final String COUNT = """
            SELECT (SELECT count(*) FROM report_photo WHERE status = 'pending'),
                   (SELECT count(*) FROM report_outbox WHERE status = 'pending'),
                   (SELECT count(*) FROM report_outbox WHERE status = 'failed'),
                   (SELECT count(*) FROM report r WHERE %s)""".formatted(ReportSearch.OVERDUE_NOW);

    /**
     * One refresh's counts and when they were taken. Before the first refresh succeeds the counts are
     * NaN (unknown, not zero) and the age runs from start-up.
     */
    private record Counts(double photosPending, double outboxPending, double outboxFailed, double overdue,
            long takenAtNanos) {

        double ageSeconds() {
            return (System.nanoTime() - takenAtNanos) / (double) TimeUnit.SECONDS.toNanos(1);
        }
    }

    private final JdbcClient jdbc;
    private volatile Counts counts = new Counts(Double.NaN, Double.NaN, Double.NaN, Double.NaN, System.nanoTime());
    private volatile boolean failing;

    ReportBacklogMetrics(DataSource dataSource, MeterRegistry meters) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        this.jdbc = JdbcClient.create(template);
        gauge("wenming.report.photos.pending", "Photos still to fetch from WeChat", Counts::photosPending)
                .register(meters);
        gauge("wenming.report.outbox", "Notices to residents waiting to be sent", Counts::outboxPending)
                .tag("status", "pending").register(meters);
        gauge("wenming.report.outbox", "Notices to residents given up after every retry", Counts::outboxFailed)
                .tag("status", "failed").register(meters);
        gauge("wenming.report.overdue", "Open reports past their deadline or escalated", Counts::overdue)
                .register(meters);
        gauge("wenming.report.backlog.age", "Seconds since the report backlog was last counted", Counts::ageSeconds)
                .baseUnit("seconds").register(meters);
    }

    private Gauge.Builder<ReportBacklogMetrics> gauge(String name, String description, ToDoubleFunction<Counts> value) {
        return Gauge.builder(name, this, m -> value.applyAsDouble(m.counts)).description(description);
    }

    @Scheduled(fixedDelayString = "${wenming.report.backlog-refresh-interval:30s}")
    void refresh() {
        try {
            counts = jdbc.sql(COUNT).query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getLong(4), System.nanoTime())).single();
            if (failing) {
                log.info("Report backlog counted again");
            }
            failing = false;
        } catch (DataAccessException e) {
            // Once per outage, not every interval: the age gauge keeps telling how long it has lasted.
            if (!failing) {
                log.warn("Report backlog not counted, the gauges keep their last values: {}",
                        e.getMostSpecificCause().toString());
            }
            failing = true;
        }
    }
}
