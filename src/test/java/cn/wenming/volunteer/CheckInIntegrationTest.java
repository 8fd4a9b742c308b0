package cn.wenming.volunteer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.core.ResidentUnsubscribed;
import cn.wenming.support.TestAccounts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/** Check-in and out by the rotating code, hours and their 文明积分, corrections, and unsubscribing. */
class CheckInIntegrationTest extends VolunteerIntegrationTest {

    @Autowired
    private ApplicationEventPublisher events;

    private int balance(String openid) {
        return jdbc.sql("SELECT coalesce(max(balance), 0) FROM credit_account WHERE openid = :o").param("o", openid)
                .query(Integer.class).single();
    }

    @Test
    void aVolunteerChecksInAndOutByTheCodeAndEarnsHoursAndPointsOnce() {
        String openid = VolunteerSeeds.unique("o_checkin_");
        long volunteer = seeds.volunteer(openid);
        long slot = seeds.slot(5, Duration.ofMinutes(10), Duration.ofHours(2));
        SignUps.SignUp signUp = signUps.signUp(slot, volunteer, Instant.now());
        Instant start = signUp.slot().startsAt().toInstant();

        Instant arrive = start.minus(Duration.ofMinutes(5));
        CheckIns.Outcome in = checkIns.scan(codes.code(slot, arrive), volunteer, VolunteerSeeds.LATITUDE,
                VolunteerSeeds.LONGITUDE + 0.001, arrive);
        assertThat(in.checkedOut()).isFalse();
        assertThat(in.message()).startsWith("签到成功");

        Instant leave = start.plus(Duration.ofMinutes(95));
        CheckIns.Outcome out = checkIns.scan(codes.code(slot, leave), volunteer, null, null, leave);
        assertThat(out.minutes()).isEqualTo(90);
        assertThat(out.message()).isEqualTo("签退成功，本次记录志愿服务 1.5 小时。");
        assertThatThrownBy(() -> checkIns.scan(codes.code(slot, leave), volunteer, null, null, leave.plusSeconds(5)))
                .isInstanceOf(VolunteerRefused.class).hasMessage("您已签退，本次时长已记录。");
        assertThat(checkIns.totalMinutes(volunteer)).isEqualTo(90);
        assertThat(balance(openid)).isEqualTo(15);
        assertThat(jdbc.sql("SELECT location_ok FROM volunteer_signup WHERE id = :id").param("id", signUp.id())
                .query(Boolean.class).single()).isTrue();

        // An organizer's correction is audited and credited as the difference.
        checkIns.correct(signUp.id(), 120, "队长补签", "organizer");
        assertThat(checkIns.totalMinutes(volunteer)).isEqualTo(120);
        assertThat(balance(openid)).isEqualTo(20);
        assertThat(jdbc.sql("SELECT before_value || ' -> ' || after_value FROM console_audit WHERE action = '更正志愿时长'"
                + " AND object_id = :id").param("id", String.valueOf(signUp.id())).query(String.class).single())
                .isEqualTo("90分钟 -> 120分钟 · 队长补签");
    }

    @Test
    void aCheckInCodeReplayedAfterItExpiredIsRefused() {
        long volunteer = seeds.volunteer(VolunteerSeeds.unique("o_replay_"));
        long slot = seeds.slot(5, Duration.ofMinutes(10), Duration.ofHours(1));
        signUps.signUp(slot, volunteer, Instant.now());
        Instant shown = Instant.now();
        String code = codes.code(slot, shown);
        assertThatThrownBy(() -> checkIns.scan(code, volunteer, null, null, shown.plus(Duration.ofMinutes(2))))
                .isInstanceOf(VolunteerRefused.class).hasMessage("签到码已过期，请重新扫描队长手机上的最新签到码。");
        assertThat(jdbc.sql("SELECT count(*) FROM volunteer_signup WHERE slot_id = :s AND checked_in_at IS NOT NULL")
                .param("s", slot).query(Integer.class).single()).isZero();
    }

    @Test
    void checkInIsRefusedFarFromThePlaceWithoutASeatOrTooEarly() {
        long volunteer = seeds.volunteer(VolunteerSeeds.unique("o_far_"));
        long other = seeds.volunteer(VolunteerSeeds.unique("o_noseat_"));
        long slot = seeds.slot(1, Duration.ofHours(3), Duration.ofHours(1));
        signUps.signUp(slot, volunteer, Instant.now());
        signUps.signUp(slot, other, Instant.now());
        Instant now = Instant.now();
        assertThatThrownBy(() -> checkIns.scan(codes.code(slot, now), volunteer, null, null, now))
                .isInstanceOf(VolunteerRefused.class).hasMessage("活动开始前 30 分钟才能签到，请稍后再扫。");
        Instant atStart = activities.slot(slot).orElseThrow().startsAt().toInstant();
        assertThatThrownBy(() -> checkIns.scan(codes.code(slot, atStart), volunteer, VolunteerSeeds.LATITUDE + 0.05,
                VolunteerSeeds.LONGITUDE, atStart)).isInstanceOf(VolunteerRefused.class).hasMessageContaining("超过 500 米");
        assertThatThrownBy(() -> checkIns.scan(codes.code(slot, atStart), other, null, null, atStart))
                .isInstanceOf(VolunteerRefused.class).hasMessage("您没有这个时段的确认报名，不能签到。");
    }

    @Test
    void unsubscribingCancelsComingSignUpsAndKeepsServiceDoneWithoutTheOpenidOrPhone() {
        String openid = VolunteerSeeds.unique("o_leaving_");
        String next = VolunteerSeeds.unique("o_next_");
        long volunteer = seeds.volunteer(openid);
        long waiting = seeds.volunteer(next);
        long slot = seeds.slot(1, Duration.ofDays(3), Duration.ofHours(1));
        signUps.signUp(slot, volunteer, Instant.now());
        SignUps.SignUp queued = signUps.signUp(slot, waiting, Instant.now());
        events.publishEvent(new ResidentUnsubscribed(TestAccounts.DEV_APPID, openid));
        assertThat(signUps.signUp(queued.id()).orElseThrow().status()).isEqualTo(SignUps.Status.CONFIRMED);
        assertThat(jdbc.sql("SELECT coalesce(openid, '') || coalesce(phone_encrypted, '') || coalesce(phone_masked, '')"
                + " || status FROM volunteer WHERE id = :id").param("id", volunteer).query(String.class).single())
                .isEqualTo("LEFT");
        assertThat(volunteers.of(TestAccounts.DEV_APPID, openid)).isEmpty();
    }
}
