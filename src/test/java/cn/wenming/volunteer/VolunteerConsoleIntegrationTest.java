package cn.wenming.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import cn.wenming.support.Browser;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The organizer's and merchant's console through HTTP: roles, publishing, corrections, exports, and bad input. */
class VolunteerConsoleIntegrationTest extends VolunteerIntegrationTest {

    private Browser staff(String role) {
        String username = VolunteerSeeds.unique(role.toLowerCase());
        Browser admin = new Browser(port);
        admin.staffSignIn(Browser.DEV_ADMIN, Browser.DEV_ADMIN_PASSWORD);
        assertThat(admin.postForm("/console/admin/users", Map.of("username", username, "displayName", "测试",
                "role", role, "unitName", "", "password", "volunteer-pass-1")).statusCode()).isEqualTo(302);
        Browser browser = new Browser(port);
        browser.staffSignIn(username, "volunteer-pass-1");
        return browser;
    }

    @Test
    void organizersRunVolunteeringAndMerchantsOnlyConfirmCodes() {
        Browser organizer = staff("ORGANIZER");
        Browser merchant = staff("MERCHANT");
        assertThat(organizer.get("/console/volunteer").statusCode()).isEqualTo(200);
        assertThat(organizer.get("/console/credits").statusCode()).isEqualTo(200);
        assertThat(organizer.get("/console/reports").statusCode()).isEqualTo(403);
        assertThat(merchant.get("/console/merchant/redeem").statusCode()).isEqualTo(200);
        assertThat(merchant.get("/console/volunteer").statusCode()).isEqualTo(403);
        assertThat(merchant.get("/console/credits").statusCode()).isEqualTo(403);
        assertThat(merchant.get("/console/volunteer/exports/national.xlsx").statusCode()).isEqualTo(403);
        assertThat(new Browser(port).get("/console/volunteer").statusCode()).isEqualTo(302);
    }

    @Test
    void anOrganizerPublishesFromTheConsoleCorrectsHoursAndExportsTheNationalLayout() throws Exception {
        Browser organizer = staff("ORGANIZER");
        String team = VolunteerSeeds.unique("明湖区教育局志愿服务队");
        organizer.get("/console/volunteer");
        organizer.postForm("/console/volunteer/teams", Map.of("name", team, "organizer", "明湖区教育局",
                "community", VolunteerSeeds.COMMUNITY));
        assertThat(organizer.get("/console/volunteer").body()).contains("已保存队伍：" + team);
        long teamId = volunteers.teams().stream().filter(t -> t.name().equals(team)).findFirst().orElseThrow().id();

        String title = VolunteerSeeds.unique("校门口文明交通劝导");
        LocalDate day = LocalDate.now().plusDays(3);
        HttpResponse<String> bad = organizer.postForm("/console/volunteer/activities", Map.of("title", title,
                "kind", "文明劝导", "teamId", String.valueOf(teamId), "place", "明湖小学门口", "slots", "明天上午 20"));
        assertThat(bad.statusCode()).isEqualTo(302);
        assertThat(organizer.get("/console/volunteer").body()).contains("第 1 个时段写法不对");
        organizer.postForm("/console/volunteer/activities", Map.of("title", title, "kind", "文明劝导",
                "teamId", String.valueOf(teamId), "community", VolunteerSeeds.COMMUNITY, "place", "明湖小学门口",
                "latitude", "28.2455", "longitude", "112.9312",
                "slots", day + " 07:00-08:30 10\n" + day.plusDays(1) + " 7:00 - 8:30 5"));
        assertThat(organizer.get("/console/volunteer").body()).contains("已发布：" + title);
        var published = activities.upcoming(Instant.now()).stream().filter(s -> s.title().equals(title)).toList();
        assertThat(published).hasSize(2);
        assertThat(published.get(0).capacity()).isEqualTo(10);
        assertThat(published.get(0).startsAt().atZoneSameInstant(cn.wenming.core.CityTime.ZONE).toLocalTime())
                .isEqualTo(java.time.LocalTime.of(7, 0));

        // A volunteer serves on that slot (check-in and out at the slot's times).
        long slot = published.get(0).id();
        String openid = VolunteerSeeds.unique("o_console_");
        long volunteer = seeds.volunteer(openid);
        SignUps.SignUp signUp = signUps.signUp(slot, volunteer, Instant.now());
        Instant start = published.get(0).startsAt().toInstant();
        checkIns.scan(codes.code(slot, start), volunteer, null, null, start);
        checkIns.scan(codes.code(slot, start.plus(Duration.ofMinutes(60))), volunteer, null, null,
                start.plus(Duration.ofMinutes(60)));

        assertThat(organizer.get("/console/volunteer/slots/" + slot).body()).contains("未共享", ">60<");
        // Team membership needs an approved volunteer.
        organizer.postForm("/console/volunteer/teams/" + teamId + "/members", Map.of("volunteerId",
                String.valueOf(volunteer), "leader", "true"));
        assertThat(organizer.get("/console/volunteer").body()).contains("请先审核通过这位志愿者");
        organizer.postForm("/console/volunteer/volunteers/" + volunteer + "/approve", Map.of());
        organizer.postForm("/console/volunteer/teams/" + teamId + "/members", Map.of("volunteerId",
                String.valueOf(volunteer), "leader", "true"));
        assertThat(volunteers.leads(volunteer, teamId)).isTrue();
        organizer.postForm("/console/volunteer/signups/" + signUp.id() + "/minutes", Map.of("slotId",
                String.valueOf(slot), "minutes", "90", "reason", "队长确认提前到岗"));
        assertThat(checkIns.totalMinutes(volunteer)).isEqualTo(90);

        HttpResponse<byte[]> export = organizer.getBytes("/console/volunteer/exports/national.xlsx?from=" + day
                + "&to=" + day);
        assertThat(export.statusCode()).isEqualTo(200);
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export.body()))) {
            Sheet records = workbook.getSheet("志愿服务记录");
            Row head = records.getRow(0);
            assertThat(head.getCell(1).getStringCellValue()).isEqualTo("姓名");
            assertThat(head.getCell(3).getStringCellValue()).isEqualTo("证件号码");
            Row row = null;
            for (Row r : records) {
                if (r.getRowNum() > 0 && title.equals(r.getCell(5).getStringCellValue())) {
                    row = r;
                }
            }
            assertThat(row).isNotNull();
            assertThat(row.getCell(3).getStringCellValue()).isEmpty();
            assertThat(row.getCell(4).getStringCellValue()).isEqualTo("138****1234");
            assertThat(row.getCell(9).getStringCellValue()).isEqualTo("1.5");
            assertThat(row.getCell(12).getStringCellValue()).isEqualTo("明湖区教育局");
            assertThat(row.getCell(13).getStringCellValue()).contains("签到未共享位置").contains("更正");
            assertThat(workbook.getSheet("说明").getRow(1).getCell(1).getStringCellValue()).contains("没有拿到");
        }
        for (String kind : new String[] {"people", "activities", "teams"}) {
            assertThat(organizer.getBytes("/console/volunteer/exports/" + kind + ".xlsx").statusCode()).isEqualTo(200);
        }
        assertThat(organizer.getBytes("/console/volunteer/exports/other.xlsx").statusCode()).isEqualTo(404);
        assertThat(organizer.getBytes("/console/volunteer/exports/people.xlsx?from=2026-13-40").statusCode())
                .isEqualTo(400);
    }

    @Test
    void residentsGetPoliteSentencesForBadInputAndNothingIsStored() {
        Browser resident = new Browser(port);
        String openid = VolunteerSeeds.unique("o_bad_");
        resident.devSignIn(openid);
        resident.get("/h5/volunteer");
        resident.postForm("/h5/volunteer/register", Map.of("name", "张三", "phone", "12345", "community",
                VolunteerSeeds.COMMUNITY));
        assertThat(resident.get("/h5/volunteer").body()).contains("请填写 11 位手机号码。");
        resident.postForm("/h5/volunteer/register", Map.of("name", "张三", "phone", "13800001111", "community", "nowhere"));
        assertThat(resident.get("/h5/volunteer").body()).contains("请选择您所在的社区。");
        assertThat(volunteers.of(cn.wenming.support.TestAccounts.DEV_APPID, openid)).isEmpty();
        resident.postForm("/h5/volunteer/slots/999999999/signup", Map.of());
        assertThat(resident.get("/h5/volunteer").body()).contains("您还没有注册志愿者");
        assertThat(resident.postForm("/h5/volunteer/slots/abc/signup", Map.of()).statusCode()).isEqualTo(400);
        HttpResponse<String> forged = resident.postForm("/h5/volunteer/check", Map.of("t", "1.2.3"));
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.body()).contains("这不是有效的签到码");
        assertThat(resident.getBytes("/h5/volunteer/lead/1/code.png").statusCode()).isEqualTo(404);
        assertThat(resident.getBytes("/h5/credits/codes/NOTMINE.png").statusCode()).isEqualTo(404);
    }
}
