package cn.wenming.volunteer;

import cn.wenming.core.CityTime;
import cn.wenming.core.Spreadsheets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Exports for organizers: service records in the layout we use for the 全国志愿服务信息系统's Excel
 * import, hours per person, per activity, and team reports. Every workbook has a 说明 sheet saying
 * where each column comes from. Only recorded service (minutes above 0) is exported as hours.
 *
 * <p>We had no access to the official import template: the national-system layout follows the items
 * 民政部's 《志愿服务记录与证明出具办法》 requires a record to hold (who, which project, when, where,
 * how long, recorded by whom). Check it against the template your 民政 office issues before importing.
 */
@Component
class VolunteerExports {

    private static final List<String> NATIONAL = List.of("序号", "姓名", "证件类型", "证件号码", "手机号码",
            "志愿服务项目名称", "服务类别", "服务开始时间", "服务结束时间", "服务时长（小时）", "服务地点", "所在社区",
            "记录单位", "备注");
    private static final List<String[]> NATIONAL_NOTES = List.of(
            new String[] {"来源", "本系统的签到、签退与时长规则（不足 15 分钟记 0，按半小时取整，不超过时段），组织者更正的以更正后为准。"},
            new String[] {"模板", "我们没有拿到全国志愿服务信息系统的官方导入模板：列按民政部《志愿服务记录与证明出具办法》要求的记录内容排列（姓名、项目、时间、地点、时长、记录单位）。导入前请与当地民政部门下发的模板核对列名和顺序。"},
            new String[] {"证件类型、证件号码", "本系统不收集身份证号（居民注册只填姓名、手机、社区）。导入前由组织单位按本单位志愿者名册或全国系统中的注册信息补填。"},
            new String[] {"手机号码", "只导出掩码（138****1234）：手机号加密保存，导出不解密。全国系统以证件号码识别志愿者。"},
            new String[] {"记录单位", "活动所属队伍的组织单位，即出具时长证明的单位。"},
            new String[] {"备注", "签到时未共享位置、或时长经组织者更正的，在此注明。"});

    private final JdbcClient jdbc;

    VolunteerExports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One row per volunteer and slot with recorded service, in the national system's import layout. */
    byte[] national(LocalDate from, LocalDate to) {
        List<List<String>> rows = new ArrayList<>();
        jdbc.sql("""
                SELECT v.name, v.phone_masked, a.title, a.kind, s.starts_at, s.ends_at, u.minutes, a.place,
                       v.community_name, t.organizer, u.location_ok, u.corrected_by
                FROM volunteer_signup u JOIN volunteer v ON v.id = u.volunteer_id JOIN volunteer_slot s ON s.id = u.slot_id
                JOIN volunteer_activity a ON a.id = s.activity_id JOIN volunteer_team t ON t.id = a.team_id
                WHERE u.status = 'CONFIRMED' AND u.minutes > 0 AND s.starts_at >= :from AND s.starts_at < :to
                ORDER BY s.starts_at, v.name""").param("from", start(from)).param("to", start(to.plusDays(1)))
                .query((rs, n) -> {
                    List<String> note = new ArrayList<>();
                    if (rs.getObject(11) == null) {
                        note.add("签到未共享位置");
                    }
                    if (rs.getString(12) != null) {
                        note.add("时长经" + rs.getString(12) + "更正");
                    }
                    return List.of(String.valueOf(n + 1), rs.getString(1), "", "", nz(rs.getString(2)), rs.getString(3),
                            rs.getString(4), CityTime.full(rs.getObject(5, OffsetDateTime.class)),
                            CityTime.full(rs.getObject(6, OffsetDateTime.class)), CheckIns.hours(rs.getInt(7)),
                            rs.getString(8), nz(rs.getString(9)), rs.getString(10), String.join("；", note));
                }).list().forEach(rows::add);
        return Spreadsheets.table("志愿服务记录", NATIONAL, rows, NATIONAL_NOTES);
    }

    byte[] perPerson(LocalDate from, LocalDate to) {
        List<List<String>> rows = jdbc.sql("""
                SELECT v.name, v.phone_masked, v.community_name, count(*),
                       count(*) FILTER (WHERE u.minutes > 0), coalesce(sum(u.minutes), 0)
                FROM volunteer_signup u JOIN volunteer v ON v.id = u.volunteer_id JOIN volunteer_slot s ON s.id = u.slot_id
                WHERE u.status = 'CONFIRMED' AND s.starts_at >= :from AND s.starts_at < :to
                GROUP BY v.id ORDER BY 6 DESC, v.name""").param("from", start(from)).param("to", start(to.plusDays(1)))
                .query((rs, n) -> List.of(rs.getString(1), nz(rs.getString(2)), nz(rs.getString(3)),
                        String.valueOf(rs.getInt(4)), String.valueOf(rs.getInt(5)), CheckIns.hours(rs.getInt(6))))
                .list();
        return Spreadsheets.table("按志愿者", List.of("姓名", "手机号码", "所在社区", "确认报名次数", "服务次数",
                "累计时长（小时）"), rows, List.<String[]>of(new String[] {"范围", "所选日期内开始的时段；已取消和候补的报名不计。"}));
    }

    byte[] perActivity(LocalDate from, LocalDate to) {
        List<List<String>> rows = jdbc.sql("""
                SELECT a.title, a.kind, s.starts_at, s.ends_at, a.place, t.organizer, s.capacity, s.confirmed_count,
                       count(u.id) FILTER (WHERE u.status = 'WAITING'),
                       count(u.id) FILTER (WHERE u.status = 'CONFIRMED' AND u.checked_in_at IS NOT NULL),
                       coalesce(sum(u.minutes) FILTER (WHERE u.status = 'CONFIRMED'), 0)
                FROM volunteer_slot s JOIN volunteer_activity a ON a.id = s.activity_id
                JOIN volunteer_team t ON t.id = a.team_id LEFT JOIN volunteer_signup u ON u.slot_id = s.id
                WHERE s.starts_at >= :from AND s.starts_at < :to
                GROUP BY s.id, a.id, t.id ORDER BY s.starts_at""").param("from", start(from))
                .param("to", start(to.plusDays(1)))
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2),
                        CityTime.full(rs.getObject(3, OffsetDateTime.class)),
                        CityTime.full(rs.getObject(4, OffsetDateTime.class)), rs.getString(5), rs.getString(6),
                        String.valueOf(rs.getInt(7)), String.valueOf(rs.getInt(8)), String.valueOf(rs.getInt(9)),
                        String.valueOf(rs.getInt(10)), CheckIns.hours(rs.getInt(11))))
                .list();
        return Spreadsheets.table("按活动", List.of("活动", "类型", "开始", "结束", "地点", "组织单位", "名额", "已确认",
                "候补", "已签到", "累计时长（小时）"), rows, List.<String[]>of(new String[] {"范围", "所选日期内开始的时段。"}));
    }

    byte[] teams(LocalDate from, LocalDate to) {
        List<List<String>> rows = jdbc.sql("""
                SELECT t.name, t.organizer, coalesce(t.community_code, ''),
                       (SELECT count(*) FROM volunteer_team_member m WHERE m.team_id = t.id),
                       (SELECT string_agg(v.name, '、') FROM volunteer_team_member m JOIN volunteer v ON v.id = m.volunteer_id
                        WHERE m.team_id = t.id AND m.leader),
                       count(DISTINCT s.id), count(u.id) FILTER (WHERE u.minutes > 0), coalesce(sum(u.minutes), 0)
                FROM volunteer_team t
                LEFT JOIN volunteer_activity a ON a.team_id = t.id
                LEFT JOIN volunteer_slot s ON s.activity_id = a.id AND s.starts_at >= :from AND s.starts_at < :to
                LEFT JOIN volunteer_signup u ON u.slot_id = s.id AND u.status = 'CONFIRMED'
                GROUP BY t.id ORDER BY t.name""").param("from", start(from)).param("to", start(to.plusDays(1)))
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), String.valueOf(rs.getInt(4)),
                        nz(rs.getString(5)), String.valueOf(rs.getInt(6)), String.valueOf(rs.getInt(7)),
                        CheckIns.hours(rs.getInt(8))))
                .list();
        return Spreadsheets.table("队伍报表", List.of("队伍", "组织单位", "社区代码", "成员数", "队长", "时段数", "服务人次",
                "累计时长（小时）"), rows, List.<String[]>of(new String[] {"范围", "所选日期内开始的时段；成员数为当前成员。"}));
    }

    private static OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay(CityTime.ZONE).toOffsetDateTime();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
