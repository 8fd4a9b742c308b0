package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.console.Staff;
import cn.wenming.console.StaffRole;
import cn.wenming.support.Browser;
import cn.wenming.support.FakeWeChatServer;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import cn.wenming.support.TestPhotos;
import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import com.google.gson.JsonObject;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The handling workflow at service level: every transition and its guards, deadlines from 签收,
 * the 不满意 loop, escalation of overdue reports, and notices through the outbox to the fake WeChat API.
 */
class ReportWorkflowIntegrationTest extends IntegrationTest {

    private static final String UNIT = "荷风社区居委会";
    private static final Staff DISPATCHER = new Staff(1, "disp", "王调度", StaffRole.DISPATCHER, null, true);
    private static final Staff HANDLER = new Staff(2, "hefeng", "李社区", StaffRole.HANDLER, UNIT, true);
    private static final Staff OTHER_HANDLER = new Staff(3, "qingshi", "赵社区", StaffRole.HANDLER, "青石社区居委会", true);

    @Autowired
    private ReportService reports;

    @Autowired
    private ReportWorkflow workflow;

    @Autowired
    private PhotoStore photos;

    @Autowired
    private DeliveryJobs jobs;

    @Autowired
    private DeadlineWatch deadlines;

    @Autowired
    private WorkingCalendar calendar;

    /** A 楼道堆物 report in 荷风社区 (routed to its 居委会), as a resident's chat would file it. */
    private String file(String openid) {
        SubmitOutcome outcome = reports.submit(new NewReport("wechat", TestAccounts.DEV_APPID, openid, "corridor",
                28.2455 + Math.random() * 0.001, 112.9312, "荷风小区" + openid, "楼道堆满杂物",
                null, false, List.of(new NewReport.StoredPhoto(photo())), null, false));
        return ((SubmitOutcome.Created) outcome).ticketNo();
    }

    private PhotoStore.StoredPhoto photo() {
        try {
            return photos.store(TestPhotos.jpeg(320, 240, new Color((int) (Math.random() * 0xFFFFFF))));
        } catch (PhotoStore.UnsupportedPhotoException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    private ReportRepository repository;

    private ReportRepository.Row row(String ticket) {
        return repository.byTicket(ticket).orElseThrow();
    }

    private void act(String ticket, ReportAction action, Staff staff, String note, String unit,
            List<PhotoStore.StoredPhoto> attached) {
        workflow.apply(ticket, new ReportWorkflow.Command(action, row(ticket).version(), note, unit, null, attached),
                staff);
    }

    private void act(String ticket, ReportAction action, Staff staff) {
        act(ticket, action, staff, null, null, List.of());
    }

    /** Takes a filed report to 已办结. */
    private void handle(String ticket) {
        act(ticket, ReportAction.ACCEPT, DISPATCHER);
        act(ticket, ReportAction.DISPATCH, DISPATCHER, null, UNIT, List.of());
        act(ticket, ReportAction.SIGN, HANDLER);
        act(ticket, ReportAction.RESOLVE, HANDLER, "已清理楼道杂物", null, List.of(photo()));
    }

    @Test
    void aReportGoesFromSubmittedToReviewedAndTheResidentHearsOfEveryVisibleStep() {
        String openid = "o_flow_" + System.nanoTime();
        String ticket = file(openid);
        Instant beforeSign = Instant.now();

        act(ticket, ReportAction.ACCEPT, DISPATCHER);
        act(ticket, ReportAction.DISPATCH, DISPATCHER, null, UNIT, List.of());
        act(ticket, ReportAction.SIGN, HANDLER);
        ReportRepository.Row signed = row(ticket);
        assertThat(signed.state()).isEqualTo(ReportState.SIGNED);
        // 楼道堆物 has 2 working days from 签收.
        assertThat(signed.dueAt().toInstant()).isEqualTo(calendar.deadline(beforeSign,
                new ReportCategory.Deadline(null, 2)));
        act(ticket, ReportAction.START, HANDLER);
        act(ticket, ReportAction.RESOLVE, HANDLER, "已清理楼道杂物", null, List.of(photo()));
        assertThat(row(ticket).state()).isEqualTo(ReportState.RESOLVED);
        assertThat(jdbc.sql("SELECT count(*) FROM report_photo p JOIN report r ON r.id = p.report_id"
                + " WHERE r.ticket_no = ? AND p.stage = 'handling'").param(ticket).query(Integer.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT finished_late FROM report WHERE ticket_no = ?").param(ticket)
                .query(Boolean.class).single()).isFalse();

        assertThat(workflow.rate(ticket, openid, Rating.SATISFIED)).contains("感谢");
        ReportRepository.Row reviewed = row(ticket);
        assertThat(reviewed.state()).isEqualTo(ReportState.REVIEWED);
        assertThat(reviewed.closedAt()).isNotNull();
        assertThat(jdbc.sql("SELECT h.state FROM report_history h JOIN report r ON r.id = h.report_id"
                + " WHERE r.ticket_no = ? ORDER BY h.id").param(ticket).query(String.class).list())
                .containsExactly("SUBMITTED", "ACCEPTED", "DISPATCHED", "SIGNED", "IN_PROGRESS", "RESOLVED", "REVIEWED");
        assertThat(jdbc.sql("SELECT action FROM console_audit WHERE object_id = ? ORDER BY id").param(ticket)
                .query(String.class).list()).containsExactly("受理", "派单", "签收", "开始处置", "办结");

        // 受理, 派单 and 办结 are told to the resident; 签收 and 处置 are the unit's business.
        List<String> notices = jdbc.sql("SELECT content FROM report_outbox o JOIN report r ON r.id = o.report_id"
                + " WHERE r.ticket_no = ? ORDER BY o.id").param(ticket).query(String.class).list();
        assertThat(notices).hasSize(3);
        assertThat(notices.get(0)).contains("已受理");
        assertThat(notices.get(1)).contains(UNIT, "2个工作日");
        assertThat(notices.get(2)).contains("已清理楼道杂物", "回复1满意");
    }

    @Test
    void transitionsOutsideTheRulesAreRefusedWithAClearMessage() {
        String ticket = file("o_guard_" + System.nanoTime());
        assertThatThrownBy(() -> act(ticket, ReportAction.SIGN, HANDLER)).isInstanceOf(WorkflowException.class)
                .hasMessageContaining("不能签收");
        assertThatThrownBy(() -> act(ticket, ReportAction.ACCEPT, HANDLER)).hasMessageContaining("没有权限");
        act(ticket, ReportAction.ACCEPT, DISPATCHER);
        assertThatThrownBy(() -> act(ticket, ReportAction.ACCEPT, DISPATCHER)).hasMessageContaining("不能受理");
        assertThatThrownBy(() -> act(ticket, ReportAction.REJECT, DISPATCHER)).hasMessageContaining("理由");
        act(ticket, ReportAction.DISPATCH, DISPATCHER, null, UNIT, List.of());
        assertThatThrownBy(() -> act(ticket, ReportAction.SIGN, OTHER_HANDLER)).hasMessageContaining("没有权限");
        act(ticket, ReportAction.SIGN, HANDLER);
        assertThatThrownBy(() -> act(ticket, ReportAction.RESOLVE, HANDLER, "已处理", null, List.of()))
                .hasMessageContaining("照片");
        assertThatThrownBy(() -> act(ticket, ReportAction.RESOLVE, HANDLER, " ", null, List.of(photo())))
                .hasMessageContaining("处理情况");
        assertThat(row(ticket).state()).isEqualTo(ReportState.SIGNED);
    }

    /** Issue 13, item 9: a typed unit name that no grid area names would reach no handler. */
    @Test
    void dispatchOnlyToConfiguredUnits() {
        String ticket = file("o_units_" + System.nanoTime());
        act(ticket, ReportAction.ACCEPT, DISPATCHER);
        for (String unit : List.of("不存在的单位", "青石社区", "<script>alert(1)</script>", "x".repeat(300))) {
            assertThatThrownBy(() -> act(ticket, ReportAction.DISPATCH, DISPATCHER, null, unit, List.of()))
                    .isInstanceOf(WorkflowException.class).hasMessageContaining("不是已配置的责任单位");
        }
        assertThat(row(ticket).state()).isEqualTo(ReportState.ACCEPTED);

        act(ticket, ReportAction.DISPATCH, DISPATCHER, null, "青石社区居委会", List.of());
        assertThat(row(ticket).unitName()).isEqualTo("青石社区居委会");
        assertThatThrownBy(() -> act(ticket, ReportAction.REDISPATCH, DISPATCHER, null, "别处", List.of()))
                .isInstanceOf(WorkflowException.class).hasMessageContaining("不是已配置的责任单位");
        // The city queue is a configured unit too.
        act(ticket, ReportAction.REDISPATCH, DISPATCHER, null, "市创城办", List.of());
        assertThat(row(ticket).unitName()).isEqualTo("市创城办");
    }

    @Test
    void twoPeopleActingOnTheSameVersionCannotBothWin() {
        String ticket = file("o_race_" + System.nanoTime());
        int version = row(ticket).version();
        workflow.apply(ticket, new ReportWorkflow.Command(ReportAction.ACCEPT, version, null, null, null, List.of()),
                DISPATCHER);
        assertThatThrownBy(() -> workflow.apply(ticket, new ReportWorkflow.Command(ReportAction.REJECT, version,
                "不属实", null, null, List.of()), DISPATCHER)).hasMessageContaining("刚被他人更新");
        assertThat(row(ticket).state()).isEqualTo(ReportState.ACCEPTED);
        String other = file("o_race2_" + System.nanoTime());
        int stale = row(other).version();
        act(other, ReportAction.ACCEPT, DISPATCHER);
        act(other, ReportAction.DISPATCH, DISPATCHER, null, UNIT, List.of());
        // Someone still looking at the 已派单 page from before the 改派 below:
        int seen = row(other).version();
        act(other, ReportAction.REDISPATCH, DISPATCHER, null, "湖滨街道城管执法中队", List.of());
        assertThatThrownBy(() -> workflow.apply(other, new ReportWorkflow.Command(ReportAction.REDISPATCH, seen,
                null, UNIT, null, List.of()), DISPATCHER)).hasMessageContaining("刚被他人更新");
        assertThat(stale).isLessThan(seen);
        assertThat(row(other).unitName()).isEqualTo("湖滨街道城管执法中队");
    }

    @Test
    void aUnitReturnsAReportTheClockStopsAndTheDispatcherRoutesItAgain() {
        String ticket = file("o_return_" + System.nanoTime());
        act(ticket, ReportAction.ACCEPT, DISPATCHER);
        act(ticket, ReportAction.DISPATCH, DISPATCHER, null, UNIT, List.of());
        act(ticket, ReportAction.SIGN, HANDLER);
        assertThat(row(ticket).dueAt()).isNotNull();
        act(ticket, ReportAction.RETURN, HANDLER, "属于物业管理范围", null, List.of());
        ReportRepository.Row returned = row(ticket);
        assertThat(returned.state()).isEqualTo(ReportState.RETURNED);
        assertThat(returned.dueAt()).isNull();
        act(ticket, ReportAction.DISPATCH, DISPATCHER, null, "湖滨街道城管执法中队", List.of());
        assertThat(row(ticket).unitName()).isEqualTo("湖滨街道城管执法中队");
        assertThatThrownBy(() -> act(ticket, ReportAction.SIGN, HANDLER)).hasMessageContaining("没有权限");
    }

    @Test
    void unsatisfiedSendsItBackTwiceThenTheDispatcherDecides() {
        String openid = "o_unhappy_" + System.nanoTime();
        String ticket = file(openid);
        handle(ticket);
        for (int round = 1; round <= ReportWorkflow.MAX_REOPENS; round++) {
            assertThat(workflow.rate(ticket, openid, Rating.UNSATISFIED)).contains("重新处理");
            assertThat(row(ticket).state()).isEqualTo(ReportState.IN_PROGRESS);
            assertThat(row(ticket).reopenCount()).isEqualTo(round);
            assertThat(row(ticket).dueAt().toInstant()).isAfter(Instant.now());
            // Not counted as resolved while it is being redone.
            assertThat(jdbc.sql("SELECT resolved_at IS NULL AND finished_late IS NULL FROM report WHERE ticket_no = ?")
                    .param(ticket).query(Boolean.class).single()).isTrue();
            act(ticket, ReportAction.RESOLVE, HANDLER, "再次清理", null, List.of(photo()));
        }
        assertThat(workflow.rate(ticket, openid, Rating.UNSATISFIED)).contains("创城办研判");
        ReportRepository.Row decision = row(ticket);
        assertThat(decision.state()).isEqualTo(ReportState.REVIEWED);
        assertThat(decision.needsDecision()).isTrue();
        assertThat(workflow.available(DISPATCHER, decision.state(), decision.unitName(), true))
                .containsExactly(ReportAction.REOPEN, ReportAction.CLOSE);
        assertThat(workflow.available(HANDLER, decision.state(), decision.unitName(), true)).isEmpty();
        act(ticket, ReportAction.CLOSE, DISPATCHER, "已多次处理，情况属实，结案", null, List.of());
        assertThat(row(ticket).needsDecision()).isFalse();
        assertThat(row(ticket).closedAt()).isNotNull();
        assertThatThrownBy(() -> workflow.rate(ticket, openid, Rating.SATISFIED)).hasMessageContaining("暂不需要评价");
        assertThatThrownBy(() -> workflow.rate(ticket, "o_not_the_reporter", Rating.SATISFIED))
                .hasMessageContaining("没有找到");
    }

    @Test
    void reportsNearTheirDeadlineAreRemindedAndOverdueOnesEscalatedOnce() {
        String soon = file("o_soon_" + System.nanoTime());
        String late = file("o_late_" + System.nanoTime());
        for (String ticket : List.of(soon, late)) {
            act(ticket, ReportAction.ACCEPT, DISPATCHER);
            act(ticket, ReportAction.DISPATCH, DISPATCHER, null, UNIT, List.of());
            act(ticket, ReportAction.SIGN, HANDLER);
        }
        jdbc.sql("UPDATE report SET signed_at = now() - interval '40 hours', due_at = now() + interval '2 hours'"
                + " WHERE ticket_no = ?").param(soon).update();
        jdbc.sql("UPDATE report SET signed_at = now() - interval '3 days', due_at = now() - interval '1 minute'"
                + " WHERE ticket_no = ?").param(late).update();

        DeadlineWatch.Round round = deadlines.check();
        assertThat(round.reminded()).contains(row(soon).id()).doesNotContain(row(late).id());
        assertThat(round.escalated()).contains(row(late).id()).doesNotContain(row(soon).id());
        assertThat(row(late).overdue()).isTrue();
        assertThat(deadlines.check().escalated()).doesNotContain(row(late).id());
        assertThat(jdbc.sql("SELECT note FROM report_history h JOIN report r ON r.id = h.report_id"
                + " WHERE r.ticket_no = ? ORDER BY h.id DESC LIMIT 1").param(late).query(String.class).single())
                .contains("超期", "督办");
        act(late, ReportAction.RESOLVE, HANDLER, "已清理", null, List.of(photo()));
        assertThat(jdbc.sql("SELECT finished_late FROM report WHERE ticket_no = ?").param(late)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void noticesGoAsTemplateMessagesOrInsideTheWindowAsCustomerServiceWithRetriesAndNoDuplicates()
            throws Exception {
        String quiet = "o_quiet_" + System.nanoTime();
        String chatty = "o_chatty_" + System.nanoTime();
        String quietTicket = file(quiet);
        String chattyTicket = file(chatty);
        // The chatty resident wrote to the account just now: inside the 48-hour window.
        wechat().sendDev(WeChatClient.text(chatty, "你好"), Mode.SAFE);
        FAKE_WECHAT.reset();
        FAKE_WECHAT.refuseNextSends(1);
        act(quietTicket, ReportAction.ACCEPT, DISPATCHER);
        act(chattyTicket, ReportAction.ACCEPT, DISPATCHER);

        jobs.deliverOutbox();
        int pending = jdbc.sql("SELECT count(*) FROM report_outbox WHERE status = 'pending' AND attempts = 1")
                .query(Integer.class).single();
        assertThat(pending).isEqualTo(1);
        // The retry waits its back-off; here it is made due at once.
        jdbc.sql("UPDATE report_outbox SET next_attempt_at = now() WHERE status = 'pending'").update();
        CompletableFuture<Void> a = CompletableFuture.runAsync(jobs::deliverOutbox);
        CompletableFuture<Void> b = CompletableFuture.runAsync(jobs::deliverOutbox);
        a.get();
        b.get();

        assertThat(FAKE_WECHAT.templateMessages()).filteredOn(c -> c.body().get("touser").getAsString().equals(quiet))
                .singleElement().satisfies(c -> assertThat(c.body().toString()).contains(quietTicket, "已受理"));
        assertThat(FAKE_WECHAT.customerMessages()).filteredOn(c -> c.body().get("touser").getAsString().equals(chatty))
                .singleElement().satisfies(c -> assertThat(c.body().toString()).contains(chattyTicket, "已受理",
                        "/h5/my-reports"));
        assertThat(jdbc.sql("SELECT count(*) FROM report_outbox o JOIN report r ON r.id = o.report_id"
                + " WHERE r.ticket_no IN (?, ?) AND o.status = 'sent'").params(quietTicket, chattyTicket)
                .query(Integer.class).single()).isEqualTo(2);
    }

    /**
     * Issue 13: since 2023-05-04 WeChat drops {@code first}/{@code remark} and cuts every field at 20
     * characters on one line, so the notice's words go into the template's own keys (as configured),
     * each within its limit. The fake server refuses anything else, as WeChat would.
     */
    @Test
    void templateNoticesFitWeChatsFieldRules() {
        String quiet = "o_tpl_" + System.nanoTime();
        String dispatched = file(quiet);
        String rejected = file(quiet);
        FAKE_WECHAT.reset();
        act(dispatched, ReportAction.ACCEPT, DISPATCHER);
        act(dispatched, ReportAction.DISPATCH, DISPATCHER, null, "清河区市政设施管理处", List.of());
        act(rejected, ReportAction.REJECT, DISPATCHER, "经现场核实，该处杂物为住户搬家临时堆放，\n已于当日清走，不属于长期堆物", null,
                List.of());

        jobs.deliverOutbox();

        assertThat(FAKE_WECHAT.problems()).isEmpty();
        List<FakeWeChatServer.Call> sent = FAKE_WECHAT.templateMessages().stream()
                .filter(c -> c.body().get("touser").getAsString().equals(quiet)).toList();
        assertThat(sent).hasSize(3);
        Set<String> keys = Set.of(TestAccounts.TEMPLATE_TICKET_KEY, TestAccounts.TEMPLATE_STATE_KEY,
                TestAccounts.TEMPLATE_TIME_KEY, TestAccounts.TEMPLATE_SUMMARY_KEY);
        Map<String, String> summaries = new HashMap<>();
        for (FakeWeChatServer.Call call : sent) {
            JsonObject data = call.body().getAsJsonObject("data");
            assertThat(data.keySet()).isEqualTo(keys).doesNotContain("first", "remark");
            for (String key : data.keySet()) {
                String value = data.getAsJsonObject(key).get("value").getAsString();
                assertThat(value.codePointCount(0, value.length())).as(key + "=" + value)
                        .isLessThanOrEqualTo(key.startsWith("phrase") ? 5 : 20);
                assertThat(value).as(key).doesNotContain("\n", "\r").isNotBlank();
            }
            String ticket = data.getAsJsonObject(TestAccounts.TEMPLATE_TICKET_KEY).get("value").getAsString();
            assertThat(ticket).matches("WM\\d{10}-[A-Z]{4}");
            assertThat(call.body().get("url").getAsString()).contains("/h5/my-reports", ticket);
            assertThat(data.getAsJsonObject(TestAccounts.TEMPLATE_TIME_KEY).get("value").getAsString())
                    .matches("\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}");
            summaries.put(data.getAsJsonObject(TestAccounts.TEMPLATE_STATE_KEY).get("value").getAsString(),
                    data.getAsJsonObject(TestAccounts.TEMPLATE_SUMMARY_KEY).get("value").getAsString());
        }
        // The summary says what happened (from report.yml's brief-* texts), not a bare ticket number.
        assertThat(summaries).containsEntry("已受理", "已受理，将尽快派单处理")
                .containsEntry("已派单", "已交清河区市政设施管理处处理");
        assertThat(summaries.get("不予受理")).startsWith("不予受理：经现场核实").endsWith("…").hasSize(20);
    }

    @Test
    void theReporterRatesOnTheReportsPageAndOnlyTheReporterSeesTheButtons() {
        String openid = "o_rate_h5_" + System.nanoTime();
        String ticket = file(openid);
        handle(ticket);
        Browser stranger = new Browser(port);
        stranger.devSignIn("o_rate_stranger_" + System.nanoTime());
        stranger.postForm("/h5/reports/" + ticket + "/rating", Map.of("rating", "SATISFIED"));
        assertThat(row(ticket).state()).isEqualTo(ReportState.RESOLVED);

        Browser resident = new Browser(port);
        resident.devSignIn(openid);
        assertThat(resident.get("/h5/my-reports").body()).contains(ticket, "请您评价", "不满意");
        // The page names the report as the resident holds it, check code included; the bare number is refused.
        resident.postForm("/h5/reports/" + ticket + "/rating", Map.of("rating", "UNSATISFIED"));
        assertThat(row(ticket).state()).isEqualTo(ReportState.RESOLVED);
        assertThat(resident.get("/h5/my-reports").body()).contains("没有找到您的举报");
        HttpResponse<String> rated = resident.postForm("/h5/reports/" + Tickets.full(row(ticket)) + "/rating",
                Map.of("rating", "UNSATISFIED"));
        assertThat(rated.statusCode()).isEqualTo(302);
        assertThat(row(ticket).state()).isEqualTo(ReportState.IN_PROGRESS);
        assertThat(resident.get("/h5/my-reports").body()).contains("重新处理").doesNotContain("请您评价");
    }

    @Test
    void theReporterRatesInTheChatByReplyingADigit() {
        String openid = "o_rate_chat_" + System.nanoTime();
        String ticket = file(openid);
        handle(ticket);
        String reply = wechat().sendDev(WeChatClient.text(openid, "2"), Mode.SAFE).content();
        assertThat(reply).contains("感谢您的评价", ticket);
        assertThat(row(ticket).state()).isEqualTo(ReportState.REVIEWED);
        assertThat(row(ticket).rating()).isEqualTo("BASIC");
        // The offer is used up: a later "1" is an ordinary message again.
        assertThat(wechat().sendDev(WeChatClient.text(openid, "1"), Mode.SAFE).content()).doesNotContain("评价");
    }

    /** Issue 17: 文明积分 for a report that reached 已办结 (not for filing it), once however often it is resolved. */
    @Test
    void aReportEarnsItsReporterCreditsWhenResolvedAndOnlyOnceWhenResolvedAgain() {
        String openid = "o_credit_flow_" + System.nanoTime();
        String ticket = file(openid);
        String credited = "SELECT count(*) FROM credit_entry WHERE source = 'report' AND source_id = :t";
        act(ticket, ReportAction.ACCEPT, DISPATCHER);
        assertThat(jdbc.sql(credited).param("t", ticket).query(Integer.class).single()).isZero();
        act(ticket, ReportAction.DISPATCH, DISPATCHER, null, UNIT, List.of());
        act(ticket, ReportAction.SIGN, HANDLER);
        act(ticket, ReportAction.RESOLVE, HANDLER, "已清理楼道杂物", null, List.of(photo()));
        workflow.rate(ticket, openid, Rating.UNSATISFIED);
        act(ticket, ReportAction.RESOLVE, HANDLER, "再次清理", null, List.of(photo()));
        assertThat(jdbc.sql(credited).param("t", ticket).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT balance FROM credit_account WHERE openid = :o").param("o", openid)
                .query(Integer.class).single()).isEqualTo(5);
    }
}
