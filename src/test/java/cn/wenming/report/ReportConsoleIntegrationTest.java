package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The workbench over HTTP: a unit sees and touches only its own reports, and residents' text stays text. */
class ReportConsoleIntegrationTest extends IntegrationTest {

    private static final String XSS = "<script>alert('xss')</script><img src=x onerror=alert(1)>";

    @Autowired
    private ReportService reports;

    @Autowired
    private PasswordEncoder passwords;

    private Browser staff(String username, String role, String unit) {
        jdbc.sql("INSERT INTO console_user (username, password_hash, display_name, role, unit_name)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")
                .params(username, passwords.encode("pw-" + username), username, role, unit).update();
        Browser browser = new Browser(port);
        browser.staffSignIn(username, "pw-" + username);
        return browser;
    }

    private String file(String category, double lat, double lng, String description) {
        return ((SubmitOutcome.Created) reports.submit(new NewReport("wechat", TestAccounts.DEV_APPID,
                "o_console_" + System.nanoTime(), category, lat, lng, "某地", description, "13912345678", false,
                List.of(), null, false))).ticketNo();
    }

    @Test
    void aUnitSeesOnlyItsOwnReportsEvenByUrl() {
        String ours = file("dog", 28.2455, 112.9312, "狗粪没人清理");      // 荷风社区居委会
        String theirs = file("dog", 28.2455, 112.9512, "遛狗不牵绳");      // 青石社区居委会
        Browser hefeng = staff("hefeng-unit", "HANDLER", "荷风社区居委会");

        String list = hefeng.get("/console/reports").body();
        assertThat(list).contains(ours).doesNotContain(theirs);
        assertThat(hefeng.get("/console/reports?unit=青石社区居委会").body()).doesNotContain(theirs);
        assertThat(hefeng.get("/console/reports/" + ours).statusCode()).isEqualTo(200);
        assertThat(hefeng.get("/console/reports/" + theirs).statusCode()).isEqualTo(404);
        HttpResponse<String> forced = hefeng.postMultipart("/console/reports/" + theirs + "/action",
                Map.of("action", "SIGN", "version", "0"));
        assertThat(forced.statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT state FROM report WHERE ticket_no = ?").param(theirs).query(String.class).single())
                .isEqualTo("SUBMITTED");

        Browser dispatcher = staff("dispatcher-x", "DISPATCHER", null);
        assertThat(dispatcher.get("/console/reports").body()).contains(ours, theirs);
        String detail = dispatcher.get("/console/reports/" + theirs).body();
        assertThat(detail).contains("受理", "不予受理", "139****5678").doesNotContain("13912345678");
    }

    @Test
    void actionsFromTheDetailPageMoveTheReportAndAreRefusedPolitelyWhenStale() {
        String ticket = file("litter", 28.2101, 112.9101, "路边很多烟头");
        Browser dispatcher = staff("dispatcher-y", "DISPATCHER", null);
        dispatcher.get("/console/reports/" + ticket);
        HttpResponse<String> accepted = dispatcher.postMultipart("/console/reports/" + ticket + "/action",
                Map.of("action", "ACCEPT", "version", "0"));
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(dispatcher.get("/console/reports/" + ticket).body()).contains("已受理。", "派单");
        // The same click again, from a page that still showed version 0:
        dispatcher.postMultipart("/console/reports/" + ticket + "/action", Map.of("action", "REJECT", "version", "0",
                "note", "重复"));
        assertThat(dispatcher.get("/console/reports/" + ticket).body()).contains("刚被他人更新");
        assertThat(jdbc.sql("SELECT state FROM report WHERE ticket_no = ?").param(ticket).query(String.class).single())
                .isEqualTo("ACCEPTED");
    }

    @Test
    void aResidentsMarkupIsShownAsTextInTheConsole() {
        String ticket = file("noise", 28.2101, 112.9101, XSS);
        Browser dispatcher = staff("dispatcher-z", "DISPATCHER", null);
        String detail = dispatcher.get("/console/reports/" + ticket).body();
        assertThat(detail).doesNotContain("<script>alert").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;");
    }
}
