package cn.wenming.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.core.ResidentContribution;
import cn.wenming.core.ResidentContribution.Source;
import cn.wenming.core.ResidentUnsubscribed;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestAccounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;

/** The ledger's once-only credits, the daily quiz cap, and redemptions racing for stock. */
class CreditsIntegrationTest extends IntegrationTest {

    private static final String APP = TestAccounts.DEV_APPID;

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private CreditLedger ledger;

    @Autowired
    private CreditShop shop;

    private static String openid(String prefix) {
        return prefix + System.nanoTime();
    }

    private int entries(String source, String sourceId) {
        return jdbc.sql("SELECT count(*) FROM credit_entry WHERE source = :s AND source_id = :id").param("s", source)
                .param("id", sourceId).query(Integer.class).single();
    }

    @Test
    void aReportAnnouncedTwiceByARedeliveredEventIsCreditedOnce() {
        String resident = openid("o_credit_report_");
        String ticket = "WM" + System.nanoTime();
        ResidentContribution resolved = ResidentContribution.once(Source.REPORT, ticket, APP, resident, Instant.now());
        events.publishEvent(resolved);
        events.publishEvent(resolved);
        assertThat(entries("report", ticket)).isEqualTo(1);
        assertThat(ledger.balance(APP, resident)).isEqualTo(5);
        assertThat(ledger.history(APP, resident, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.points()).isEqualTo(5);
            assertThat(entry.note()).isEqualTo("举报已办结 " + ticket);
        });
    }

    @Test
    void quizRoundsEarnPointsOnlyUpToTheDailyCap() {
        String resident = openid("o_credit_quiz_");
        Instant now = Instant.now();
        for (int round = 0; round < 5; round++) {
            ledger.credit(ResidentContribution.once(Source.QUIZ, resident + ":" + round, APP, resident, now));
        }
        assertThat(ledger.balance(APP, resident)).isEqualTo(3 * 2);
        // The next day counts afresh.
        ledger.credit(ResidentContribution.once(Source.QUIZ, resident + ":next", APP, resident,
                now.plus(java.time.Duration.ofDays(1))));
        assertThat(ledger.balance(APP, resident)).isEqualTo(4 * 2);
    }

    @Test
    void volunteerMinutesEarnPointsByTheHourAndACorrectionNeverTakesTheBalanceBelowZero() {
        String resident = openid("o_credit_hours_");
        ledger.credit(new ResidentContribution(Source.VOLUNTEER, resident, APP, resident, 150, "MH-HB-HF", Instant.now()));
        assertThat(ledger.balance(APP, resident)).isEqualTo(25);
        ledger.credit(new ResidentContribution(Source.VOLUNTEER, resident + ":1", APP, resident, -600, null, Instant.now()));
        assertThat(ledger.balance(APP, resident)).isZero();
        assertThat(ledger.history(APP, resident, 10)).extracting(CreditLedger.Entry::note)
                .containsExactly("志愿时长更正 -10 小时", "志愿服务 2.5 小时");
        assertThat(ledger.totalsByCommunity()).anySatisfy(total -> assertThat(total.communityCode()).isEqualTo("MH-HB-HF"));
    }

    @Test
    void theLedgerRefusesToChangeOrDeleteAnEntry() {
        String resident = openid("o_credit_append_");
        ledger.credit(ResidentContribution.once(Source.SURVEY, resident, APP, resident, Instant.now()));
        assertThatThrownBy(() -> jdbc.sql("UPDATE credit_entry SET points = 1000 WHERE source_id = :id")
                .param("id", resident).update()).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM credit_entry WHERE source_id = :id").param("id", resident).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
    }

    @Test
    void twoRedemptionsRacingForTheLastItemLeaveOneWinnerAndTheLoserKeepsTheirPoints() throws Exception {
        long item = shop.saveItem(null, "环保袋" + System.nanoTime(), "可折叠", 10, 1, true);
        List<String> residents = List.of(openid("o_race_a_"), openid("o_race_b_"));
        for (String resident : residents) {
            ledger.credit(new ResidentContribution(Source.VOLUNTEER, resident, APP, resident, 120, null, Instant.now()));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Object>> results = new ArrayList<>();
        try {
            for (String resident : residents) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return shop.redeem(APP, resident, item);
                    } catch (CreditsRefused refused) {
                        return refused;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).filteredOn(CreditShop.Redemption.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(CreditsRefused.class::isInstance).singleElement()
                    .extracting(o -> ((CreditsRefused) o).getMessage()).isEqualTo("这件商品已经兑完了，请看看别的。");
        } finally {
            pool.shutdownNow();
        }
        assertThat(shop.items(false)).filteredOn(i -> i.id() == item).singleElement()
                .extracting(CreditShop.Item::stock).isEqualTo(0);
        assertThat(residents.stream().mapToInt(r -> ledger.balance(APP, r)).sorted().toArray()).containsExactly(10, 20);
    }

    @Test
    void aRedemptionNeedsEnoughPointsAndItsCodeWorksOnce() {
        long item = shop.saveItem(null, "文明水杯" + System.nanoTime(), null, 30, 5, true);
        String poor = openid("o_poor_");
        ledger.credit(ResidentContribution.once(Source.REPORT, poor, APP, poor, Instant.now()));
        assertThatThrownBy(() -> shop.redeem(APP, poor, item)).isInstanceOf(CreditsRefused.class)
                .hasMessage("您的积分不够兑换这件商品（需要 30 分，您有 5 分）。");
        assertThat(shop.items(false)).filteredOn(i -> i.id() == item).singleElement()
                .extracting(CreditShop.Item::stock).isEqualTo(5);

        String rich = openid("o_rich_");
        ledger.credit(new ResidentContribution(Source.VOLUNTEER, rich, APP, rich, 240, null, Instant.now()));
        CreditShop.Redemption redemption = shop.redeem(APP, rich, item);
        assertThat(ledger.balance(APP, rich)).isEqualTo(10);
        assertThat(redemption.code()).matches("[2-9A-HJ-NP-Z]{10}");
        assertThat(shop.confirm(redemption.code().toLowerCase(), "merchant").confirmed()).isTrue();
        assertThatThrownBy(() -> shop.confirm(redemption.code(), "merchant")).isInstanceOf(CreditsRefused.class)
                .hasMessageContaining("已于").hasMessageContaining("核销过");
        assertThatThrownBy(() -> shop.confirm("NOSUCHCODE", "merchant")).isInstanceOf(CreditsRefused.class)
                .hasMessage("没有这个兑换码，请核对后再扫。");
        assertThat(jdbc.sql("SELECT count(*) FROM console_audit WHERE object_type = 'credit_redemption' AND object_id = :id")
                .param("id", String.valueOf(redemption.id())).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void anUnsubscribedResidentsPointsStayInTheTotalsButNoLongerNameThem() {
        String resident = openid("o_credit_gone_");
        ledger.credit(ResidentContribution.once(Source.SURVEY, resident, APP, resident, Instant.now()));
        events.publishEvent(new ResidentUnsubscribed(APP, resident));
        assertThat(ledger.balance(APP, resident)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM credit_account WHERE openid = :o").param("o", resident)
                .query(Integer.class).single()).isZero();
        assertThat(entries("survey", resident)).isEqualTo(1);
    }
}
