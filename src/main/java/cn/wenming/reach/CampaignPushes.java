package cn.wenming.reach;

import cn.wenming.console.AuditLog;
import cn.wenming.quiz.QuizResidents;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Campaign pushes: an EDITOR drafts one and previews it to their own WeChat, an ADMIN other than the
 * author approves it within the account's limits, and it is sent with a clientmsgid fixed at approval,
 * so that sending again after a failure never reaches anyone twice. Every step is in the audit log.
 */
@Service
class CampaignPushes {

    private static final Logger log = LoggerFactory.getLogger(CampaignPushes.class);
    static final String AUDIT_TYPE = "reach-push";
    private static final int MAX_TITLE = 40;
    /** WeChat takes about 2 000 bytes of text in a mass message; 600 characters stays inside it. */
    private static final int MAX_TEXT = 600;
    private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    record Draft(String title, String kind, String content, String targetType, String targetCode) {
    }

    private final JdbcClient jdbc;
    private final WeChatMassMessages wechat;
    private final PushLimits limits;
    private final Communities communities;
    private final QuizResidents residents;
    private final StaffWeChat staff;
    private final ReachTexts texts;
    private final AuditLog audit;

    CampaignPushes(JdbcClient jdbc, WeChatMassMessages wechat, PushLimits limits, Communities communities,
            QuizResidents residents, StaffWeChat staff, ReachTexts texts, AuditLog audit) {
        this.jdbc = jdbc;
        this.wechat = wechat;
        this.limits = limits;
        this.communities = communities;
        this.residents = residents;
        this.staff = staff;
        this.texts = texts;
        this.audit = audit;
    }

    @Transactional
    long draft(String appId, Draft draft, String username) {
        String title = draft.title() == null ? "" : draft.title().strip();
        String content = draft.content() == null ? "" : draft.content().strip();
        if (title.isEmpty() || title.length() > MAX_TITLE) {
            throw new PushRefused("请填写不超过" + MAX_TITLE + "个字的标题。");
        }
        switch (String.valueOf(draft.kind())) {
            case "text" -> {
                if (content.isEmpty() || content.length() > MAX_TEXT) {
                    throw new PushRefused("请填写不超过" + MAX_TEXT + "个字的正文。");
                }
            }
            case "image", "mpnews" -> {
                if (!MEDIA_ID.matcher(content).matches()) {
                    throw new PushRefused("请填写素材库中图片或图文的 media_id。");
                }
            }
            default -> throw new PushRefused("请选择文字、图片或图文。");
        }
        String type = String.valueOf(draft.targetType());
        String code = type.equals("all") ? null : draft.targetCode();
        boolean known = switch (type) {
            case "all" -> true;
            case "street" -> communities.streets().containsKey(code);
            case "community" -> communities.community(code).isPresent();
            default -> false;
        };
        if (!known) {
            throw new PushRefused("请选择发送范围：全体、某个街道或某个社区。");
        }
        long id = jdbc.sql("""
                INSERT INTO reach_push (app_id, title, kind, content, target_type, target_code, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(appId, title, draft.kind(), content, type, code, username).query(Long.class).single();
        audit.record("reach.push.draft", AUDIT_TYPE, String.valueOf(id), null,
                title + "｜" + communities.groupName(type, code));
        return id;
    }

    Push get(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").params(id).query(CampaignPushes::push).optional()
                .orElseThrow(() -> new PushRefused("没有这条群发。"));
    }

    List<Push> recent(String appId) {
        return jdbc.sql(SELECT + " WHERE app_id = ? ORDER BY id DESC LIMIT 100").params(appId)
                .query(CampaignPushes::push).list();
    }

    /** Sends the draft to the staff member's own WeChat; a push may be previewed again before approval. */
    @Transactional
    void preview(long id, String username) {
        Push push = get(id);
        if (!push.state().equals(Push.DRAFT) && !push.state().equals(Push.PREVIEWED)) {
            throw new PushRefused("这条群发已审批，不能再预览。");
        }
        String openid = staff.openid(push.appId(), username)
                .orElseThrow(() -> new PushRefused("请先绑定您的微信（群发页“绑定我的微信”），预览会发到那里。"));
        try {
            wechat.preview(push.appId(), openid, push.message());
        } catch (WeChatRefused e) {
            throw new PushRefused("微信未能发送预览：" + e.getMessage());
        }
        jdbc.sql("UPDATE reach_push SET state = 'previewed', previewed_by = ?, previewed_at = now() WHERE id = ?")
                .params(username, id).update();
        audit.record("reach.push.preview", AUDIT_TYPE, String.valueOf(id), push.state(), "预览已发到" + username
                + "的微信");
    }

    /**
     * Approves a previewed push for sending (an ADMIN who did not write it), within the account's limits;
     * fixes its clientmsgid. One approval at a time per account, so two cannot both pass a limit.
     */
    @Transactional
    void approve(long id, String username) {
        Push push = get(id);
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").params("reach-push:" + push.appId())
                .query(Object.class).list();
        push = get(id);
        if (!push.state().equals(Push.PREVIEWED)) {
            throw new PushRefused(push.state().equals(Push.DRAFT) ? "请先预览，再审批。" : "这条群发已审批过。");
        }
        if (push.createdBy().equals(username)) {
            throw new PushRefused("不能审批自己起草的群发，请由另一位管理员审批。");
        }
        limits.refusal(push).ifPresent(reason -> {
            throw new PushRefused(reason);
        });
        if (!push.targetType().equals("all")) {
            int count = recipients(push).size();
            if (count < 2) {
                throw new PushRefused(texts.text("too-few-followers", "group",
                        communities.groupName(push.targetType(), push.targetCode()), "count", count));
            }
        }
        jdbc.sql("""
                UPDATE reach_push SET state = 'sending', approved_by = ?, approved_at = now(), client_msg_id = ?
                WHERE id = ?""").params(username, "wenming-push-" + id, id).update();
        audit.record("reach.push.approve", AUDIT_TYPE, String.valueOf(id), push.state(), "审批通过");
    }

    /**
     * Sends an approved push, or sends it again after a failure: the clientmsgid is the same, so WeChat
     * sends it at most once and answers a repeat with the first msg_id.
     */
    void send(long id) {
        Push push = get(id);
        if (!push.state().equals(Push.SENDING)) {
            throw new PushRefused(push.state().equals(Push.SENT) || push.state().equals(Push.FINISHED)
                    ? "这条群发已发送。" : "这条群发还没有审批。");
        }
        long msgId;
        try {
            msgId = push.targetType().equals("all")
                    ? wechat.sendToAll(push.appId(), push.message(), push.clientMsgId())
                    : wechat.sendToFollowers(push.appId(), recipients(push), push.message(), push.clientMsgId());
        } catch (WeChatRefused e) {
            jdbc.sql("UPDATE reach_push SET send_error = ? WHERE id = ?").params(e.getMessage(), id).update();
            audit.record("reach.push.send-failed", AUDIT_TYPE, String.valueOf(id), null, e.getMessage());
            throw new PushRefused("微信暂未受理这次群发（" + e.getMessage() + "）。请稍后点“重试发送”：同一条群发不会重复送达。");
        }
        jdbc.sql("UPDATE reach_push SET state = 'sent', msg_id = ?, sent_at = now(), send_error = NULL"
                + " WHERE id = ? AND state = 'sending'").params(msgId, id).update();
        audit.record("reach.push.send", AUDIT_TYPE, String.valueOf(id), null, "已发送，msg_id " + msgId);
    }

    /** WeChat's delivery counts for a push (MASSSENDJOBFINISH). */
    @EventListener
    @Transactional
    void finished(MassSendFinished event) {
        List<Long> ids = jdbc.sql("""
                UPDATE reach_push SET state = 'finished', finish_status = ?, total_count = ?, filter_count = ?,
                       sent_count = ?, error_count = ?, finished_at = now()
                WHERE app_id = ? AND msg_id = ? RETURNING id""")
                .params(event.status(), event.totalCount(), event.filterCount(), event.sentCount(),
                        event.errorCount(), event.appId(), event.msgId())
                .query(Long.class).list();
        if (ids.isEmpty()) {
            log.warn("MASSSENDJOBFINISH for a msg_id of account {} that no push has", event.appId());
            return;
        }
        audit.record("reach.push.finished", AUDIT_TYPE, String.valueOf(ids.get(0)), null, event.status()
                + "：送达" + event.sentCount() + "，失败" + event.errorCount() + "，过滤" + event.filterCount());
    }

    private List<String> recipients(Push push) {
        List<String> codes = push.targetType().equals("street")
                ? communities.inStreet(push.targetCode()).stream().map(Communities.Community::code).toList()
                : List.of(push.targetCode());
        return residents.openidsIn(push.appId(), codes);
    }

    private static final String SELECT = """
            SELECT id, app_id, title, kind, content, target_type, target_code, state, created_by, created_at,
                   previewed_by, approved_by, client_msg_id, msg_id, send_error, finish_status, total_count,
                   filter_count, sent_count, error_count FROM reach_push""";

    private static Push push(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Push(rs.getLong("id"), rs.getString("app_id"), rs.getString("title"), rs.getString("kind"),
                rs.getString("content"), rs.getString("target_type"), rs.getString("target_code"),
                rs.getString("state"), rs.getString("created_by"),
                rs.getObject("created_at", java.time.OffsetDateTime.class), rs.getString("previewed_by"),
                rs.getString("approved_by"), rs.getString("client_msg_id"), (Long) rs.getObject("msg_id"),
                rs.getString("send_error"), rs.getString("finish_status"), (Integer) rs.getObject("total_count"),
                (Integer) rs.getObject("filter_count"), (Integer) rs.getObject("sent_count"),
                (Integer) rs.getObject("error_count"));
    }
}
