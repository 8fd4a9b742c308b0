package cn.wenming.reach;

import cn.wenming.core.ResidentUnsubscribed;
import cn.wenming.quiz.QuizResidents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each bound resident's WeChat tags in step with their community binding: the tag of their
 * community and of its street (created on first use, named as in the grid). Each round sends only the
 * differences from what was last applied, in batches of 50 openids; a batch WeChat refuses is left for
 * the next round, which is the retry. One instance at a time (a PostgreSQL advisory lock).
 */
@Component
class ResidentTags {

    private static final Logger log = LoggerFactory.getLogger(ResidentTags.class);
    private static final long LOCK = 0x7265616368L; // "reach"

    /** What one round did; null fields never: {@code failedBatches} are retried by the next round. */
    record Round(int tagged, int untagged, int failedBatches) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final WeChatTags wechat;
    private final QuizResidents residents;
    private final Communities communities;
    private final CampaignAccount account;

    ResidentTags(JdbcClient jdbc, TransactionTemplate transaction, WeChatTags wechat, QuizResidents residents,
            Communities communities, CampaignAccount account) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.wechat = wechat;
        this.residents = residents;
        this.communities = communities;
        this.account = account;
    }

    @Scheduled(fixedDelayString = "${wenming.reach.tag-sync-interval:10m}",
            initialDelayString = "${wenming.reach.tag-sync-interval:10m}")
    void scheduled() {
        Round round = sync(account.appId());
        if (round != null && round.failedBatches() > 0) {
            log.warn("Tag sync left {} batches for the next round", round.failedBatches());
        }
    }

    /** One round for the account; null when another instance is syncing. */
    Round sync(String appId) {
        return transaction.execute(status -> {
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").params(LOCK).query(Boolean.class).single()) {
                return null;
            }
            Map<String, Long> tagIds;
            try {
                tagIds = tagIds(appId);
            } catch (WeChatRefused e) {
                log.warn("Tags of account {} not read or created: {}", appId, e.getMessage());
                return new Round(0, 0, 1);
            }
            Map<String, Set<String>> wanted = new HashMap<>();
            residents.bindings(appId).forEach((openid, code) -> communities.community(code).ifPresent(c -> {
                wanted.computeIfAbsent(c.code(), k -> new HashSet<>()).add(openid);
                wanted.computeIfAbsent(c.streetCode(), k -> new HashSet<>()).add(openid);
            }));
            Map<String, Set<String>> applied = new HashMap<>();
            jdbc.sql("SELECT area_code, openid FROM reach_tag_member WHERE app_id = ?").params(appId)
                    .query((rs, n) -> applied.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)))
                    .list();
            int tagged = 0;
            int untagged = 0;
            int failed = 0;
            Set<String> areas = new HashSet<>(wanted.keySet());
            areas.addAll(applied.keySet());
            for (String area : areas) {
                Long tagId = tagIds.get(area);
                if (tagId == null) {
                    continue;
                }
                Set<String> want = wanted.getOrDefault(area, Set.of());
                Set<String> have = applied.getOrDefault(area, Set.of());
                for (List<String> batch : batches(want.stream().filter(o -> !have.contains(o)).sorted().toList())) {
                    if (apply(appId, area, tagId, batch, true)) {
                        tagged += batch.size();
                    } else {
                        failed++;
                    }
                }
                for (List<String> batch : batches(have.stream().filter(o -> !want.contains(o)).sorted().toList())) {
                    if (apply(appId, area, tagId, batch, false)) {
                        untagged += batch.size();
                    } else {
                        failed++;
                    }
                }
            }
            return new Round(tagged, untagged, failed);
        });
    }

    /** The tag of every street and community, creating those WeChat does not have yet. */
    private Map<String, Long> tagIds(String appId) {
        Map<String, Long> known = new HashMap<>();
        jdbc.sql("SELECT area_code, tag_id FROM reach_tag WHERE app_id = ?").params(appId)
                .query((rs, n) -> known.put(rs.getString(1), rs.getLong(2))).list();
        Map<String, String> areas = new HashMap<>(communities.streets());
        communities.all().forEach(c -> areas.put(c.code(), c.name()));
        if (known.keySet().containsAll(areas.keySet())) {
            return known;
        }
        Map<String, Long> existing = wechat.tags(appId);
        areas.forEach((code, name) -> {
            if (!known.containsKey(code)) {
                long id = existing.containsKey(name) ? existing.get(name) : wechat.createTag(appId, name);
                jdbc.sql("INSERT INTO reach_tag (app_id, area_code, tag_id) VALUES (?, ?, ?)").params(appId, code, id)
                        .update();
                known.put(code, id);
            }
        });
        return known;
    }

    private boolean apply(String appId, String area, long tagId, List<String> openids, boolean add) {
        try {
            if (add) {
                wechat.tag(appId, tagId, openids);
                openids.forEach(o -> jdbc.sql("INSERT INTO reach_tag_member (app_id, openid, area_code) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING").params(appId, o, area).update());
            } else {
                wechat.untag(appId, tagId, openids);
                jdbc.sql("DELETE FROM reach_tag_member WHERE app_id = :a AND area_code = :c AND openid IN (:o)")
                        .param("a", appId).param("c", area).param("o", openids).update();
            }
            return true;
        } catch (WeChatRefused e) {
            log.warn("WeChat refused a tag batch of {} for account {}: {}", openids.size(), appId, e.getMessage());
            return false;
        }
    }

    private static List<List<String>> batches(List<String> openids) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < openids.size(); i += WeChatTags.MAX_BATCH) {
            out.add(openids.subList(i, Math.min(openids.size(), i + WeChatTags.MAX_BATCH)));
        }
        return out;
    }

    /** The tag id of a street or community, once a round has created it. */
    java.util.Optional<Long> tagId(String appId, String areaCode) {
        return jdbc.sql("SELECT tag_id FROM reach_tag WHERE app_id = ? AND area_code = ?").params(appId, areaCode)
                .query(Long.class).optional();
    }

    @EventListener
    void forget(ResidentUnsubscribed event) {
        jdbc.sql("DELETE FROM reach_tag_member WHERE app_id = ? AND openid = ?").params(event.appId(), event.openid())
                .update();
    }
}
