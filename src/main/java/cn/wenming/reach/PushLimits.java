package cn.wenming.reach;

import cn.wenming.core.CityTime;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * WeChat's mass-message limits, checked before a push is approved: a 服务号's follower receives at most
 * four mass messages a calendar month, a 订阅号 sends once a day. A community's residents receive the
 * pushes to everyone, to their street and to their community, so a push may go out only if every
 * community it reaches has had fewer than four this month.
 */
@Component
class PushLimits {

    static final int PER_MONTH = 4;

    private final JdbcClient jdbc;
    private final Communities communities;
    private final WeChatMassMessages wechat;
    private final ReachTexts texts;

    PushLimits(JdbcClient jdbc, Communities communities, WeChatMassMessages wechat, ReachTexts texts) {
        this.jdbc = jdbc;
        this.communities = communities;
        this.wechat = wechat;
        this.texts = texts;
    }

    /** Why this push may not go out now, or empty. */
    Optional<String> refusal(Push push) {
        LocalDate today = LocalDate.now(CityTime.ZONE);
        if (wechat.subscriptionAccount(push.appId())) {
            return sentSince(push.appId(), today.atStartOfDay(CityTime.ZONE).toOffsetDateTime()).isEmpty()
                    ? Optional.empty() : Optional.of(texts.text("limit-day"));
        }
        List<String[]> month = sentSince(push.appId(), today.withDayOfMonth(1).atStartOfDay(CityTime.ZONE)
                .toOffsetDateTime());
        Map<String, Integer> byGroup = new HashMap<>();
        month.forEach(t -> byGroup.merge(t[0] + ":" + t[1], 1, Integer::sum));
        int toAll = byGroup.getOrDefault("all:null", 0);
        if (push.targetType().equals("all") && toAll >= PER_MONTH) {
            return Optional.of(texts.text("limit-month-unbound", "count", toAll));
        }
        List<Communities.Community> reached = switch (push.targetType()) {
            case "street" -> communities.inStreet(push.targetCode());
            case "community" -> communities.community(push.targetCode()).stream().toList();
            default -> communities.all();
        };
        for (Communities.Community community : reached) {
            int received = toAll + byGroup.getOrDefault("street:" + community.streetCode(), 0)
                    + byGroup.getOrDefault("community:" + community.code(), 0);
            if (received >= PER_MONTH) {
                return Optional.of(texts.text("limit-month", "group", community.name(), "count", received));
            }
        }
        return Optional.empty();
    }

    /** Target type and code of the pushes approved for sending since {@code since}. */
    private List<String[]> sentSince(String appId, OffsetDateTime since) {
        return jdbc.sql("SELECT target_type, coalesce(target_code, 'null') FROM reach_push"
                + " WHERE app_id = ? AND approved_at >= ?").params(appId, since)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }
}
