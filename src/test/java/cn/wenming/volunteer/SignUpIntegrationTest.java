package cn.wenming.volunteer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

/** Signing up under load: seats, the waiting list, cancellation and the database's own guard. */
class SignUpIntegrationTest extends VolunteerIntegrationTest {

    @Test
    void fiftyResidentsSigningUpAtOnceForTwentySeatsGetTwentyConfirmedAndThirtyWaiting() throws Exception {
        long slot = seeds.slot(20, Duration.ofDays(2), Duration.ofHours(2));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(seeds.volunteer(VolunteerSeeds.unique("o_race_")));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<SignUps.SignUp>> results = new ArrayList<>();
            for (long id : ids) {
                results.add(pool.submit(() -> {
                    start.await();
                    return signUps.signUp(slot, id, Instant.now());
                }));
            }
            start.countDown();
            Map<SignUps.Status, Long> outcome = new java.util.EnumMap<>(SignUps.Status.class);
            for (Future<SignUps.SignUp> result : results) {
                outcome.merge(result.get().status(), 1L, Long::sum);
            }
            assertThat(outcome).containsEntry(SignUps.Status.CONFIRMED, 20L).containsEntry(SignUps.Status.WAITING, 30L);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> stored = jdbc.sql("SELECT status, count(*) FROM volunteer_signup WHERE slot_id = :s GROUP BY status")
                .param("s", slot).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(stored).isEqualTo(Map.of("CONFIRMED", 20L, "WAITING", 30L));
        Activities.Slot seen = activities.slot(slot).orElseThrow();
        assertThat(seen.confirmed()).isEqualTo(20);
        assertThat(seen.waiting()).isEqualTo(30);
        // Waiting positions are 1..30 without gaps or repeats.
        assertThat(ids.stream().map(v -> signUps.active(slot, v).orElseThrow())
                .filter(s -> s.status() == SignUps.Status.WAITING).map(SignUps.SignUp::waitingPosition).sorted().toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 30).boxed().toList());
    }

    @Test
    void theDatabaseRefusesASeatCounterAboveTheCapacityWhateverTheCodeDoes() {
        long slot = seeds.slot(1, Duration.ofDays(1), Duration.ofHours(1));
        signUps.signUp(slot, seeds.volunteer(VolunteerSeeds.unique("o_guard_")), Instant.now());
        assertThatThrownBy(() -> jdbc.sql("UPDATE volunteer_slot SET confirmed_count = confirmed_count + 1 WHERE id = :s")
                .param("s", slot).update()).isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("volunteer_slot_not_overbooked");
    }

    @Test
    void aCancelledSeatGoesToTheFirstOnTheWaitingListAndAnEmptyListFreesTheSeat() {
        long slot = seeds.slot(1, Duration.ofDays(1), Duration.ofHours(1));
        long first = seeds.volunteer(VolunteerSeeds.unique("o_first_"));
        long second = seeds.volunteer(VolunteerSeeds.unique("o_second_"));
        long third = seeds.volunteer(VolunteerSeeds.unique("o_third_"));
        SignUps.SignUp seat = signUps.signUp(slot, first, Instant.now());
        SignUps.SignUp waiting = signUps.signUp(slot, second, Instant.now());
        SignUps.SignUp later = signUps.signUp(slot, third, Instant.now());
        assertThat(seat.status()).isEqualTo(SignUps.Status.CONFIRMED);
        assertThat(waiting.waitingPosition()).isEqualTo(1);
        assertThat(later.waitingPosition()).isEqualTo(2);
        assertThatThrownBy(() -> signUps.signUp(slot, second, Instant.now())).isInstanceOf(VolunteerRefused.class)
                .hasMessageContaining("不用重复报名");

        assertThat(signUps.cancel(seat.id(), first)).contains(waiting.id());
        assertThat(signUps.signUp(waiting.id()).orElseThrow().status()).isEqualTo(SignUps.Status.CONFIRMED);
        assertThat(signUps.signUp(later.id()).orElseThrow().waitingPosition()).isEqualTo(1);
        assertThat(activities.slot(slot).orElseThrow().confirmed()).isEqualTo(1);

        // A waiting sign-up cancelled frees nothing; the last seat cancelled with nobody waiting is free again.
        assertThat(signUps.cancel(later.id(), third)).isEmpty();
        assertThat(signUps.cancel(waiting.id(), second)).isEmpty();
        assertThat(activities.slot(slot).orElseThrow().confirmed()).isZero();
        // Someone else's sign-up cannot be cancelled.
        assertThatThrownBy(() -> signUps.cancel(seat.id(), third)).isInstanceOf(VolunteerRefused.class);
    }

    @Autowired
    private VolunteerNotices notices;

    @Test
    void remindersGoOnceAsCustomerServiceMessagesInsideTheWindowAndTemplatesOutsideIt() {
        long slot = seeds.slot(5, Duration.ofHours(3), Duration.ofHours(1));
        String chatty = VolunteerSeeds.unique("o_chatty_");
        String quiet = VolunteerSeeds.unique("o_quiet_");
        signUps.signUp(slot, seeds.volunteer(chatty), Instant.now());
        signUps.signUp(slot, seeds.volunteer(quiet), Instant.now());
        // The chatty volunteer wrote to the account just now: inside WeChat's 48-hour window.
        wechat().sendDev(cn.wenming.support.WeChatClient.text(chatty, "你好"), cn.wenming.support.WeChatClient.Mode.SAFE);
        FAKE_WECHAT.reset();

        notices.remindDue(Instant.now());
        notices.remindDue(Instant.now());
        assertThat(FAKE_WECHAT.customerMessages()).filteredOn(c -> c.body().get("touser").getAsString().equals(chatty))
                .singleElement().satisfies(c -> assertThat(c.body().toString()).contains("志愿活动提醒", "/h5/volunteer"));
        assertThat(FAKE_WECHAT.templateMessages()).filteredOn(c -> c.body().get("touser").getAsString().equals(quiet))
                .singleElement().satisfies(c -> assertThat(c.body().toString()).contains("VS" + slot, "即将开始"));
        assertThat(FAKE_WECHAT.problems()).isEmpty();
    }

    @Test
    void theVolunteerMovedUpFromTheWaitingListIsTold() {
        long slot = seeds.slot(1, Duration.ofDays(4), Duration.ofHours(1));
        long first = seeds.volunteer(VolunteerSeeds.unique("o_leaves_"));
        String next = VolunteerSeeds.unique("o_moves_up_");
        SignUps.SignUp seat = signUps.signUp(slot, first, Instant.now());
        signUps.signUp(slot, seeds.volunteer(next), Instant.now());
        FAKE_WECHAT.reset();
        signUps.cancel(seat.id(), first);
        assertThat(FAKE_WECHAT.customerMessages()).isEmpty();
        assertThat(FAKE_WECHAT.templateMessages()).filteredOn(c -> c.body().get("touser").getAsString().equals(next))
                .singleElement().satisfies(c -> assertThat(c.body().toString()).contains("候补转正"));
    }
}
