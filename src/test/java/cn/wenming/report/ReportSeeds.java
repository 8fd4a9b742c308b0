package cn.wenming.report;

import cn.wenming.support.Browser;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reports written straight into the database in any workflow state, with the workflow columns filled
 * as the workflow service fills them, so the figures can be checked against numbers known beforehand.
 */
final class ReportSeeds {

    private static final AtomicInteger SEQUENCE = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

    private final JdbcClient jdbc;

    ReportSeeds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A name no other test uses, so each test counts only its own reports. */
    static String unique(String prefix) {
        return prefix + Integer.toString(SEQUENCE.incrementAndGet(), 36).toUpperCase();
    }

    Seed report(String unit) {
        return new Seed(unit);
    }

    /** A seeded report: its id and ticket number. */
    record Seeded(long id, String ticket) {
    }

    /** Creates a console account through the admin page, as an admin would. */
    static void createStaff(Browser admin, String username, String role, String unit) {
        HttpResponse<String> created = admin.postForm("/console/admin/users", Map.of("username", username,
                "displayName", "测试" + role, "role", role, "unitName", unit == null ? "" : unit, "password",
                "figures-pass-1"));
        if (created.statusCode() != 302) {
            throw new IllegalStateException("account not created: " + created.statusCode());
        }
    }

    static Browser signIn(int port, String username) {
        Browser browser = new Browser(port);
        HttpResponse<String> login = browser.staffSignIn(username, "figures-pass-1");
        if (!login.headers().firstValue("Location").orElse("").endsWith("/console")) {
            throw new IllegalStateException("sign-in failed for " + username);
        }
        return browser;
    }

    final class Seed {
        private final String unit;
        private String category = "parking";
        private ReportState state = ReportState.SUBMITTED;
        private String district = "明湖区";
        private String street = "书院街道";
        private String community = "书香社区";
        private String address = "书香路1号";
        private String description = "测试问题";
        private String openid = "o_seed_" + UUID.randomUUID();
        private String phone;
        private boolean anonymous;
        private OffsetDateTime created = OffsetDateTime.now().minusDays(1);
        private OffsetDateTime signed;
        private OffsetDateTime due;
        private OffsetDateTime resolved;
        private Boolean late;
        private String rating;
        private OffsetDateTime rated;
        private boolean overdueFlag;

        private Seed(String unit) {
            this.unit = unit;
        }

        Seed category(String code) {
            this.category = code;
            return this;
        }

        Seed state(ReportState value) {
            this.state = value;
            return this;
        }

        Seed area(String districtName, String streetName, String communityName) {
            this.district = districtName;
            this.street = streetName;
            this.community = communityName;
            return this;
        }

        Seed address(String value) {
            this.address = value;
            return this;
        }

        Seed description(String value) {
            this.description = value;
            return this;
        }

        Seed reporter(String openidValue, String phoneMasked, boolean anonymousToUnit) {
            this.openid = openidValue;
            this.phone = phoneMasked;
            this.anonymous = anonymousToUnit;
            return this;
        }

        Seed created(OffsetDateTime value) {
            this.created = value;
            return this;
        }

        /** 签收 with its deadline. */
        Seed signed(OffsetDateTime at, OffsetDateTime dueAt) {
            this.signed = at;
            this.due = dueAt;
            return this;
        }

        /** 办结, on time or late. */
        Seed resolved(OffsetDateTime at, boolean finishedLate) {
            this.resolved = at;
            this.late = finishedLate;
            return this;
        }

        Seed rated(String code, OffsetDateTime at) {
            this.rating = code;
            this.rated = at;
            return this;
        }

        Seed overdueFlag() {
            this.overdueFlag = true;
            return this;
        }

        Seeded insert() {
            String ticket = "WT" + String.format("%010d", SEQUENCE.incrementAndGet());
            long id = jdbc.sql("""
                    INSERT INTO report (ticket_no, channel, category_code, state, address, description, reporter_openid,
                        reporter_hash, phone_masked, phone_encrypted, anonymous, district_name, street_name,
                        community_name, unit_name, created_at, updated_at, signed_at, due_at, resolved_at,
                        finished_late, rating, rated_at, overdue, closed_at)
                    VALUES (:ticket, 'h5', :category, :state, :address, :description, :openid, 'hash-' || :ticket,
                        :phone, :phoneEncrypted, :anonymous, :district,
                        :street, :community, :unit, :created, :created, :signed, :due, :resolved, :late, :rating,
                        :rated, :overdue, :resolved)
                    RETURNING id""")
                    .param("ticket", ticket).param("category", category).param("state", state.name())
                    .param("address", address).param("description", description).param("openid", openid)
                    .param("phone", phone).param("phoneEncrypted", phone == null ? null : "not-a-real-cipher")
                    .param("anonymous", anonymous).param("district", district)
                    .param("street", street).param("community", community).param("unit", unit)
                    .param("created", created).param("signed", signed).param("due", due).param("resolved", resolved)
                    .param("late", late).param("rating", rating).param("rated", rated).param("overdue", overdueFlag)
                    .query(Long.class).single();
            return new Seeded(id, ticket);
        }
    }

    /** Attaches a stored photo to a report at a stage ('report' from the resident, 'handling' from the unit). */
    String photo(long reportId, String stage, PhotoStore.StoredPhoto stored) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO report_photo (id, report_id, stage, status, sha256, content_type, width, height, size_bytes)
                VALUES (:id, :report, :stage, 'stored', :sha, :type, :w, :h, :size)""")
                .param("id", id).param("report", reportId).param("stage", stage).param("sha", stored.sha256())
                .param("type", stored.contentType()).param("w", stored.width()).param("h", stored.height())
                .param("size", stored.size()).update();
        return id.toString();
    }
}
