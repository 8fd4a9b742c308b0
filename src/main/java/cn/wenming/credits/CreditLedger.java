package cn.wenming.credits;

import cn.wenming.core.CityTime;
import cn.wenming.core.ResidentContribution;
import cn.wenming.core.ResidentUnsubscribed;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The 文明积分 ledger. Entries are only ever added (the table refuses updates and deletes); a
 * resident's balance is kept beside them in the same transaction, and can never go below zero.
 * Contributions arrive as events from the features where they happened, inside those features'
 * transactions when they have one, so a credit is committed with the fact it rewards.
 */
@Service
public class CreditLedger {

    /** One line of a resident's history. */
    public record Entry(OffsetDateTime at, String note, int points) {

        public String when() {
            return CityTime.shortForm(at);
        }
    }

    /** A community's 积分 as staff see them. */
    public record CommunityTotal(String communityCode, long residents, long earned, long spent) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final CreditsProperties properties;
    private final CreditTexts texts;

    CreditLedger(JdbcClient jdbc, TransactionTemplate transaction, CreditsProperties properties, CreditTexts texts) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.properties = properties;
        this.texts = texts;
    }

    @EventListener
    void on(ResidentContribution contribution) {
        credit(contribution);
    }

    /**
     * Credits a contribution; returns the points added now (0 when it was credited before, earns
     * nothing, or comes past the day's quiz cap).
     */
    public int credit(ResidentContribution c) {
        if (c.appId() == null || c.openid() == null) {
            return 0;
        }
        LocalDate day = c.at().atZone(CityTime.ZONE).toLocalDate();
        Integer added = transaction.execute(status -> {
            // Creating or touching the account locks it: a resident's credits are decided one at a time.
            long account = account(c.appId(), c.openid(), c.communityCode());
            int points = points(c, account, day);
            if (points == 0) {
                return 0;
            }
            int inserted = jdbc.sql("""
                    INSERT INTO credit_entry (account_id, source, source_id, points, note, city_day)
                    VALUES (:a, :s, :id, :p, :note, :day) ON CONFLICT (source, source_id) DO NOTHING""")
                    .param("a", account).param("s", c.source().name().toLowerCase()).param("id", c.sourceId())
                    .param("p", points).param("note", note(c)).param("day", day).update();
            if (inserted == 0) {
                return 0;
            }
            jdbc.sql("UPDATE credit_account SET balance = balance + :p, updated_at = now() WHERE id = :a")
                    .param("p", points).param("a", account).update();
            return points;
        });
        return added == null ? 0 : added;
    }

    public int balance(String appId, String openid) {
        return jdbc.sql("SELECT balance FROM credit_account WHERE app_id = :app AND openid = :o")
                .param("app", appId).param("o", openid).query(Integer.class).optional().orElse(0);
    }

    public List<Entry> history(String appId, String openid, int limit) {
        return jdbc.sql("""
                SELECT e.created_at, e.note, e.points FROM credit_entry e JOIN credit_account a ON a.id = e.account_id
                WHERE a.app_id = :app AND a.openid = :o ORDER BY e.id DESC LIMIT :limit""")
                .param("app", appId).param("o", openid).param("limit", limit)
                .query((rs, n) -> new Entry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getInt(3)))
                .list();
    }

    public List<CommunityTotal> totalsByCommunity() {
        return jdbc.sql("""
                SELECT coalesce(a.community_code, ''), count(DISTINCT a.id),
                       coalesce(sum(e.points) FILTER (WHERE e.points > 0), 0),
                       coalesce(-sum(e.points) FILTER (WHERE e.points < 0), 0)
                FROM credit_account a JOIN credit_entry e ON e.account_id = a.id
                GROUP BY 1 ORDER BY 3 DESC, 1""")
                .query((rs, n) -> new CommunityTotal(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /**
     * The points stay in the community totals; the link to the resident goes. Entries are not
     * touched: they name the account, and the account no longer names anyone.
     */
    @EventListener
    void on(ResidentUnsubscribed event) {
        jdbc.sql("UPDATE credit_account SET openid = NULL, updated_at = now() WHERE app_id = :app AND openid = :o")
                .param("app", event.appId()).param("o", event.openid()).update();
    }

    /** The resident's account id, created on first use; locks the row until the transaction ends. */
    long account(String appId, String openid, String communityCode) {
        return jdbc.sql("""
                INSERT INTO credit_account (app_id, openid, community_code) VALUES (:app, :o, :c)
                ON CONFLICT (app_id, openid) WHERE openid IS NOT NULL
                DO UPDATE SET community_code = coalesce(credit_account.community_code, EXCLUDED.community_code)
                RETURNING id""")
                .param("app", appId).param("o", openid).param("c", communityCode).query(Long.class).single();
    }

    Optional<Long> existingAccount(String appId, String openid) {
        return jdbc.sql("SELECT id FROM credit_account WHERE app_id = :app AND openid = :o FOR UPDATE")
                .param("app", appId).param("o", openid).query(Long.class).optional();
    }

    private int points(ResidentContribution c, long account, LocalDate day) {
        return switch (c.source()) {
            // Hours come in minutes (a correction may be negative); a balance never goes below zero.
            case VOLUNTEER -> Math.max(Math.floorDiv(c.quantity() * properties.perVolunteerHour(), 60),
                    -jdbc.sql("SELECT balance FROM credit_account WHERE id = :a").param("a", account)
                            .query(Integer.class).single());
            case REPORT -> properties.perResolvedReport();
            case SURVEY -> properties.perSurvey();
            case QUIZ -> jdbc.sql("SELECT count(*) FROM credit_entry WHERE account_id = :a AND source = 'quiz'"
                    + " AND city_day = :d").param("a", account).param("d", day).query(Integer.class).single()
                    < properties.quizRoundsPerDay() ? properties.perQuizRound() : 0;
        };
    }

    private String note(ResidentContribution c) {
        return switch (c.source()) {
            case VOLUNTEER -> texts.text(c.sourceId().contains(":") ? "note-volunteer-correction" : "note-volunteer",
                    "hours", hours(c.quantity()));
            case REPORT -> texts.text("note-report", "ticket", c.sourceId());
            case QUIZ -> texts.text("note-quiz");
            case SURVEY -> texts.text("note-survey");
        };
    }

    /** 150 → "2.5", 120 → "2", -30 → "-0.5". */
    static String hours(int minutes) {
        return java.math.BigDecimal.valueOf(minutes).divide(java.math.BigDecimal.valueOf(60), 2,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
