package cn.wenming.wechat.handler;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Records follow and unfollow events. */
@Repository
class FollowerRepository {

    private final JdbcClient jdbc;

    FollowerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void subscribed(String appId, String openid) {
        jdbc.sql("""
                INSERT INTO wechat_follower (app_id, openid, subscribed, subscribed_at)
                VALUES (:appId, :openid, TRUE, now())
                ON CONFLICT (app_id, openid)
                DO UPDATE SET subscribed = TRUE, subscribed_at = now(), unsubscribed_at = NULL""")
                .param("appId", appId).param("openid", openid).update();
    }

    void unsubscribed(String appId, String openid) {
        jdbc.sql("""
                INSERT INTO wechat_follower (app_id, openid, subscribed, unsubscribed_at)
                VALUES (:appId, :openid, FALSE, now())
                ON CONFLICT (app_id, openid)
                DO UPDATE SET subscribed = FALSE, unsubscribed_at = now()""")
                .param("appId", appId).param("openid", openid).update();
    }
}
