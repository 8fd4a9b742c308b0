package cn.wenming.quiz;

import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.core.CityTime;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 专项答题: a themed round over some topics, open between two times (the city's time), with its own
 * board. Residents join the one running now by sending "专项答题".
 */
@Component
class QuizCampaigns {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A campaign as the console lists it. */
    record Campaign(long id, String name, List<String> topics, OffsetDateTime startsAt, OffsetDateTime endsAt,
            String createdBy, String state) {

        public String starts() {
            return startsAt.atZoneSameInstant(CityTime.ZONE).format(SHOWN);
        }

        public String ends() {
            return endsAt.atZoneSameInstant(CityTime.ZONE).format(SHOWN);
        }

        public String topicText() {
            return topics.isEmpty() ? "全部主题" : String.join("、", topics);
        }
    }

    /** The outcome of creating one. */
    record Outcome(Long id, List<String> problems) {
    }

    private final JdbcClient jdbc;
    private final QuizBank bank;
    private final AuditLog audit;
    private final Clock clock;

    QuizCampaigns(JdbcClient jdbc, QuizBank bank, AuditLog audit, Clock quizClock) {
        this.jdbc = jdbc;
        this.bank = bank;
        this.audit = audit;
        this.clock = quizClock;
    }

    /** Creates a campaign; {@code starts} and {@code ends} as a datetime-local field sends them, in the city's time. */
    Outcome create(String name, List<String> topics, String starts, String ends) {
        List<String> problems = new ArrayList<>();
        String title = name == null ? "" : name.strip();
        if (title.isEmpty() || title.length() > 60) {
            problems.add("名称不能为空，不超过60个字");
        }
        List<String> chosen = topics == null ? List.of()
                : topics.stream().map(String::strip).filter(t -> !t.isEmpty()).distinct().sorted().toList();
        Set<String> served = bank.enabled().values().stream().map(QuizQuestion::topic).collect(Collectors.toSet());
        for (String topic : chosen) {
            if (!served.contains(topic)) {
                problems.add("主题“" + topic + "”没有启用的题目");
            }
        }
        if (chosen.stream().anyMatch(t -> t.contains(",")) || String.join(",", chosen).length() > 300) {
            problems.add("所选主题过多");
        }
        OffsetDateTime from = time(starts, "开始时间", problems);
        OffsetDateTime to = time(ends, "结束时间", problems);
        if (from != null && to != null && !to.isAfter(from)) {
            problems.add("结束时间须晚于开始时间");
        }
        if (!problems.isEmpty()) {
            return new Outcome(null, problems);
        }
        long id = jdbc.sql("INSERT INTO quiz_campaign (name, topics, starts_at, ends_at, created_by)"
                + " VALUES (:n, :t, :s, :e, :by) RETURNING id")
                .param("n", title).param("t", String.join(",", chosen)).param("s", from).param("e", to)
                .param("by", Staff.current().map(Staff::username).orElse("system")).query(Long.class).single();
        Campaign created = find(id).orElseThrow();
        audit.record("新建专项答题", "quiz-campaign", String.valueOf(id), null,
                title + " · " + created.topicText() + " · " + created.starts() + " 至 " + created.ends());
        return new Outcome(id, List.of());
    }

    /** All campaigns, the latest start first. */
    List<Campaign> list() {
        return jdbc.sql("SELECT id, name, topics, starts_at, ends_at, created_by FROM quiz_campaign"
                + " ORDER BY starts_at DESC, id DESC").query((rs, n) -> campaign(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                        rs.getString(6))).list();
    }

    Optional<Campaign> find(long id) {
        return list().stream().filter(c -> c.id() == id).findFirst();
    }

    /** The campaign open now (of several, the one that started last). */
    Optional<Campaign> running() {
        return list().stream().filter(c -> c.state().equals("进行中")).findFirst();
    }

    private Campaign campaign(long id, String name, String topics, OffsetDateTime starts, OffsetDateTime ends,
            String by) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        String state = now.isBefore(starts) ? "未开始" : now.isBefore(ends) ? "进行中" : "已结束";
        List<String> list = Arrays.stream(topics.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new Campaign(id, name, list, starts, ends, by, state);
    }

    private static OffsetDateTime time(String text, String what, List<String> problems) {
        try {
            return LocalDateTime.parse(text == null ? "" : text.strip()).atZone(CityTime.ZONE).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            problems.add("请填写" + what);
            return null;
        }
    }
}
