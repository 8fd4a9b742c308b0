package cn.wenming.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.WeChatClient;
import cn.wenming.support.WeChatClient.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** "志愿服务" through the real portal: a shared location lists nearby activities; a number signs up. */
class VolunteerChatIntegrationTest extends VolunteerIntegrationTest {

    private String say(String openid, String text) {
        return wechat().sendDev(WeChatClient.text(openid, text), Mode.SAFE).content();
    }

    private String share(String openid, double lat, double lng) {
        return wechat().sendDev(WeChatClient.location(openid, lat, lng, "荷风路口"), Mode.SAFE).content();
    }

    @Test
    void aSharedLocationListsNearbyActivitiesAndANumberSignsUp() {
        double lat = VolunteerSeeds.LATITUDE + 0.01;
        long slot = seeds.slotAt(lat, VolunteerSeeds.LONGITUDE, 3, Duration.ofHours(1), Duration.ofHours(2));
        String title = activities.slot(slot).orElseThrow().title();
        String openid = VolunteerSeeds.unique("o_chat_vol_");

        assertThat(say(openid, "志愿服务")).contains("发送“位置”");
        String listed = share(openid, lat + 0.0001, VolunteerSeeds.LONGITUDE);
        assertThat(listed).startsWith("附近的志愿活动（回复序号报名）：").contains(title).contains("/h5/volunteer?account=");
        int number = listed.lines().filter(l -> l.contains(title)).findFirst().map(l -> l.substring(0, l.indexOf('.')))
                .map(Integer::parseInt).orElseThrow();

        // Not yet registered: the reply says where, and the list stays for the number.
        assertThat(say(openid, String.valueOf(number))).contains("请先注册志愿者").contains("/h5/volunteer");
        seeds.volunteer(openid);
        assertThat(say(openid, String.valueOf(number))).startsWith("报名成功：" + title);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM volunteer_signup u JOIN volunteer v ON v.id = u.volunteer_id
                WHERE u.slot_id = :s AND v.openid = :o AND u.status = 'CONFIRMED'""").param("s", slot).param("o", openid)
                .query(Integer.class).single()).isEqualTo(1);
        // The flow is over: the number is an ordinary message again.
        assertThat(say(openid, String.valueOf(number))).doesNotContain("报名成功");
    }

    @Test
    void aLocationFarFromEveryActivitySaysSoAndAnotherNumberIsRefusedPolitely() {
        seeds.slot(3, Duration.ofHours(1), Duration.ofHours(2));
        String far = VolunteerSeeds.unique("o_chat_far_");
        say(far, "志愿服务");
        assertThat(share(far, 39.9, 116.4)).isEqualTo("附近 5 公里内暂时没有可报名的志愿活动。");

        String near = VolunteerSeeds.unique("o_chat_pick_");
        say(near, "志愿者");
        share(near, VolunteerSeeds.LATITUDE, VolunteerSeeds.LONGITUDE);
        assertThat(say(near, "9")).isIn("请回复列表中的序号报名，或回复“取消”退出。");
        assertThat(say(near, "取消")).isEqualTo("好的，已退出志愿活动报名。");
    }

    @Test
    void aRegisteredVolunteerSeesTheirCommunitysActivitiesAtOnceAndSignsUpByNumber() {
        String openid = VolunteerSeeds.unique("o_chat_member_");
        seeds.volunteer(openid);
        long slot = seeds.slot(3, Duration.ofMinutes(1), Duration.ofHours(1));
        String title = activities.slot(slot).orElseThrow().title();
        String listed = say(openid, "志愿服务");
        assertThat(listed).startsWith("您所在社区的志愿活动（回复序号报名）：\n1. ").contains("发送“位置”");
        String line = listed.lines().filter(l -> l.contains(title)).findFirst().orElseThrow();
        assertThat(say(openid, line.substring(0, line.indexOf('.')))).startsWith("报名成功：" + title);
    }
}
