package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.core.CityTime;
import cn.wenming.support.Browser;
import cn.wenming.support.IntegrationTest;
import cn.wenming.support.TestPhotos;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The public board: anonymised, photos only where the category allows, and the monthly 红黑榜. */
class ReportBoardIntegrationTest extends IntegrationTest {

    private static final Pattern PHOTO_URL = Pattern.compile("/h5/board/photos/([0-9a-f-]{36})");

    @Autowired
    private PhotoStore photoStore;

    @Test
    void handledReportsAreShownWithoutTheReporterAndWithPhotosOnlyWherePublished() throws Exception {
        ReportSeeds seeds = new ReportSeeds(jdbc);
        String unit = ReportSeeds.unique("曝光台交警大队");
        String openid = "o_board_" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now();
        PhotoStore.StoredPhoto before = photoStore.store(TestPhotos.jpeg(320, 240, Color.RED));
        PhotoStore.StoredPhoto after = photoStore.store(TestPhotos.jpeg(320, 240, Color.GREEN));

        // Parking publishes photos: before and after both shown.
        ReportSeeds.Seeded parked = seeds.report(unit).category("parking").state(ReportState.RESOLVED)
                .area("明湖区", "书院街道", "书香社区").address("幸福路88号3栋2单元")
                .reporter(openid, "137****0000", false)
                .description("<img src=x onerror=alert(1)>白色轿车天天停在盲道上，车主电话13912345678")
                .created(now.minusHours(30)).signed(now.minusHours(29), now.minusHours(5))
                .resolved(now.minusMinutes(30), false).insert();
        String parkedBefore = seeds.photo(parked.id(), "report", before);
        String parkedAfter = seeds.photo(parked.id(), "handling", after);
        // A corridor photo shows people's doors: the report is listed, its photos are not.
        ReportSeeds.Seeded corridor = seeds.report(unit).category("corridor").state(ReportState.REVIEWED)
                .reporter(openid, "137****0000", false).description("五楼楼道堆满杂物")
                .created(now.minusHours(20)).resolved(now.minusMinutes(20), false).insert();
        String corridorPhoto = seeds.photo(corridor.id(), "report", before);
        // Not handled yet: neither listed nor its photo served, though the category publishes.
        ReportSeeds.Seeded open = seeds.report(unit).category("parking").state(ReportState.SIGNED)
                .reporter(openid, null, false).description("还没处理的违停").created(now.minusHours(2)).insert();
        String openPhoto = seeds.photo(open.id(), "report", before);

        Browser resident = new Browser(port);
        HttpResponse<String> page = resident.get("/h5/board");
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("陋习曝光台", "红黑榜", "车辆乱停乱放", "明湖区 · 书香社区", unit, "五楼楼道堆满杂物",
                "整改前", "整改后");
        // No reporter identity, no exact address, numbers in the words masked, markup escaped.
        assertThat(html).doesNotContain(openid).doesNotContain("137****0000").doesNotContain("13912345678")
                .doesNotContain("幸福路88号").doesNotContain("hash-").contains("车主电话139****5678");
        assertThat(html).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).doesNotContain("还没处理的违停");
        // The 红黑榜 of record is last month's.
        YearMonth lastMonth = YearMonth.now(CityTime.ZONE).minusMonths(1);
        assertThat(between(html, "rank-title", "</h2>")).contains(lastMonth.getYear() + "年" + lastMonth.getMonthValue()
                + "月").doesNotContain("截至");

        List<String> shown = new ArrayList<>();
        Matcher m = PHOTO_URL.matcher(html);
        while (m.find()) {
            shown.add(m.group(1));
        }
        assertThat(shown).contains(parkedBefore, parkedAfter).doesNotContain(corridorPhoto, openPhoto);
        // The before photo comes first, then the after photo.
        assertThat(html.indexOf(parkedBefore)).isLessThan(html.indexOf(parkedAfter));

        HttpResponse<byte[]> photo = resident.getBytes("/h5/board/photos/" + parkedAfter);
        assertThat(photo.statusCode()).isEqualTo(200);
        assertThat(photo.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/jpeg");
        assertThat(photo.body()).isEqualTo(photoStore.read(after.sha256()));
        assertThat(resident.getBytes("/h5/board/photos/" + corridorPhoto).statusCode()).isEqualTo(404);
        assertThat(resident.getBytes("/h5/board/photos/" + openPhoto).statusCode()).isEqualTo(404);
        assertThat(resident.getBytes("/h5/board/photos/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(resident.getBytes("/h5/board/photos/not-a-uuid").statusCode()).isEqualTo(404);

        // Sent back for rework: off the board, and its photos with it.
        jdbc.sql("UPDATE report SET state = 'IN_PROGRESS' WHERE id = :id").param("id", parked.id()).update();
        assertThat(resident.getBytes("/h5/board/photos/" + parkedAfter).statusCode()).isEqualTo(404);
        assertThat(resident.get("/h5/board").body()).doesNotContain(parkedAfter);
    }

    @Test
    void theMonthlyRankingPutsTheBestUnitsOnTheRedListAndTheWorstOnTheBlack() {
        ReportSeeds seeds = new ReportSeeds(jdbc);
        String best = ReportSeeds.unique("红榜第一单位");
        String second = ReportSeeds.unique("红榜第二单位");
        String poor = ReportSeeds.unique("黑榜第二单位");
        String worst = ReportSeeds.unique("黑榜第一单位");
        String tooFew = ReportSeeds.unique("办结太少单位");
        OffsetDateTime may = OffsetDateTime.parse("2020-05-06T10:00:00+08:00");
        // best: 5/5 on time, all 满意 → 100. second: 4/5 on time, all 满意 → 88.
        resolved(seeds, best, may, 5, 5, "SATISFIED", "SATISFIED", "SATISFIED", "SATISFIED", "SATISFIED");
        resolved(seeds, second, may, 5, 4, "SATISFIED", "BASIC", "SATISFIED", "BASIC", "SATISFIED");
        // poor: 2/5 on time, 1 满意 of 5 ratings → 32. worst: 0/5 on time, nobody rated → 0.
        resolved(seeds, poor, may, 5, 2, "SATISFIED", "UNSATISFIED", "UNSATISFIED", "UNSATISFIED", "UNSATISFIED");
        resolved(seeds, worst, may, 5, 0);
        // Perfect, but only 2 handled: below the minimum, on neither list.
        resolved(seeds, tooFew, may, 2, 2, "SATISFIED", "SATISFIED");
        // Poor's late report of another month changes nothing.
        seeds.report(poor).state(ReportState.RESOLVED).created(may.plusMonths(1)).resolved(may.plusMonths(1), true)
                .insert();

        String html = new Browser(port).get("/h5/board?month=2020-05").body();
        assertThat(html).contains("2020年5月");
        String red = between(html, "<h3>红榜</h3>", "</ol>");
        String black = between(html, "<h3>黑榜</h3>", "</ol>");
        assertThat(order(red, best, second, poor, worst)).containsExactly(best, second);
        assertThat(order(black, best, second, poor, worst)).containsExactly(worst, poor);
        assertThat(between(html, "rank-title", "</section>")).doesNotContain(tooFew);
        assertThat(red).contains("100%");
        assertThat(black).contains("40%", "20%");
    }

    /** {@code count} reports resolved in the month, the first {@code onTime} in time, the i-th rated ratings[i]. */
    private static void resolved(ReportSeeds seeds, String unit, OffsetDateTime at, int count, int onTime,
            String... ratings) {
        for (int i = 0; i < count; i++) {
            ReportSeeds.Seed seed = seeds.report(unit).state(ReportState.REVIEWED).created(at.minusDays(1))
                    .signed(at.minusHours(20), at.minusHours(2)).resolved(at.plusMinutes(i), i >= onTime);
            if (i < ratings.length) {
                seed.rated(ratings[i], at.plusHours(2));
            }
            seed.insert();
        }
    }

    private static String between(String html, String start, String end) {
        int from = html.indexOf(start);
        assertThat(from).as(start).isGreaterThanOrEqualTo(0);
        return html.substring(from, html.indexOf(end, from));
    }

    /** Which of the names occur in the text, in the order they occur. */
    private static List<String> order(String text, String... names) {
        List<String> found = new ArrayList<>(List.of(names));
        found.removeIf(n -> !text.contains(n));
        found.sort((x, y) -> Integer.compare(text.indexOf(x), text.indexOf(y)));
        return found;
    }
}
