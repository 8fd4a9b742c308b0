package cn.wenming.quiz;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.TextNormalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The quiz in the chat: "答题" starts a scored round, "练习" an unscored one, "专项答题" a round of
 * the campaign running now; "A", "AC", "对"/"错" answer; "退出" ends the round (it counts). Also
 * "排行榜", "错题", "证书姓名 张三", "社区 荷风社区" (changing it needs "确认更换") and "单位 CODE".
 * The wechat handlers call it.
 */
@Service
public class QuizChat {

    private static final Logger log = LoggerFactory.getLogger(QuizChat.class);
    static final String UNAVAILABLE = "答题暂不可用，请稍后再试。";
    private static final String PENDING_COMMUNITY = "wenming:quiz:pending-community:";

    private final QuizEngine engine;
    private final QuizBoards boards;
    private final Certificates certificates;
    private final QuizResidents residents;
    private final JdbcClient jdbc;
    private final StringRedisTemplate redis;
    private final OpenIdHasher hasher;
    private final QuizCampaigns campaigns;

    QuizChat(QuizEngine engine, QuizBoards boards, Certificates certificates, QuizResidents residents,
            JdbcClient jdbc, StringRedisTemplate redis, OpenIdHasher hasher, QuizCampaigns campaigns) {
        this.engine = engine;
        this.boards = boards;
        this.certificates = certificates;
        this.residents = residents;
        this.jdbc = jdbc;
        this.redis = redis;
        this.hasher = hasher;
        this.campaigns = campaigns;
    }

    /** "答题", the menu: a scored daily round. */
    public String start(Player player) {
        return safely(() -> begin(player, QuizEngine.Mode.DAILY));
    }

    /** A message while a round is running, or a quiz command; empty when the quiz has nothing to say. */
    public Optional<String> onText(Player player, String text) {
        String t = TextNormalizer.normalize(text).replace(" ", "");
        boolean playing;
        try {
            playing = engine.playing(player);
        } catch (DataAccessException e) {
            // Without Redis no round can be running; other messages still reach the knowledge base.
            playing = false;
        }
        try {
            if (playing) {
                return Optional.of(t.equals("退出") ? engine.quit(player).map(this::result).orElse("本轮已结束。")
                        : answer(player, text));
            }
            if (t.equals("练习")) {
                return Optional.of(begin(player, QuizEngine.Mode.PRACTICE));
            }
            if (t.equals("专项答题")) {
                return Optional.of(campaign(player));
            }
            if (t.equals("排行榜") || t.equals("答题排行") || t.equals("排名")) {
                return Optional.of(leaderboard(player));
            }
            if (t.equals("错题") || t.equals("错题本")) {
                return Optional.of(wrongBook(player));
            }
            String raw = TextNormalizer.normalize(text);
            if (raw.startsWith("证书姓名")) {
                return Optional.of(residents.name(player, raw.substring(4).strip()));
            }
            if (raw.startsWith("社区") || raw.startsWith("绑定社区")) {
                return Optional.of(community(player, raw.replaceFirst("^(绑定)?社区", "").strip()));
            }
            if (t.equals("确认更换")) {
                String pending = redis.opsForValue().getAndDelete(PENDING_COMMUNITY + hasher.hash(player.openid()));
                return pending == null ? Optional.empty() : Optional.of(residents.bindCommunity(player, pending, true));
            }
            if (raw.startsWith("单位")) {
                return Optional.of(residents.bindUnit(player, raw.substring(2).strip()));
            }
            return Optional.empty();
        } catch (DataAccessException e) {
            log.warn("Quiz unavailable: {}", e.getMessage());
            return Optional.of(UNAVAILABLE);
        }
    }

    private String begin(Player player, QuizEngine.Mode mode) {
        return begin(player, mode, null, mode == QuizEngine.Mode.PRACTICE ? "练习开始（不计分）" : "文明知识答题开始");
    }

    /** "专项答题": a round of the campaign running now, on its own board. */
    private String campaign(Player player) {
        Optional<QuizCampaigns.Campaign> running = campaigns.running();
        if (running.isEmpty()) {
            return "现在没有进行中的专项答题，敬请关注后续活动。回复“答题”参加每日答题。";
        }
        QuizCampaigns.Campaign campaign = running.get();
        try {
            return begin(player, QuizEngine.Mode.CAMPAIGN, campaign.id(), "专项答题“" + campaign.name() + "”开始");
        } catch (IllegalStateException e) {
            log.warn("Campaign {} has no question to serve: {}", campaign.id(), e.getMessage());
            return "专项答题“" + campaign.name() + "”暂时没有题目，请稍后再试。";
        }
    }

    private String begin(Player player, QuizEngine.Mode mode, Long campaignId, String lead) {
        try {
            QuizEngine.Served first = engine.start(player, mode, campaignId);
            return lead + "！共" + first.total() + "题，每题" + first.timeLimit().toSeconds() + "秒。\n\n" + question(first);
        } catch (QuizEngine.NoAttemptsLeft e) {
            return e.getMessage() + "可回复“练习”继续练习。";
        }
    }

    private String answer(Player player, String reply) {
        QuizEngine.Feedback feedback;
        try {
            feedback = engine.answer(player, reply);
        } catch (QuizEngine.NotAnAnswer e) {
            return e.getMessage() + engine.current(player).map(q -> "\n\n" + question(q)).orElse("");
        }
        String verdict = feedback.correct() ? "回答正确！"
                : (feedback.late() ? "超时了，" : "回答错误，") + "正确答案：" + feedback.rightAnswer() + "。";
        String next = feedback.next() != null ? question(feedback.next()) : result(feedback.result());
        return verdict + "\n" + feedback.explanation() + "\n\n" + next;
    }

    static String question(QuizEngine.Served q) {
        StringBuilder out = new StringBuilder("第").append(q.position()).append('/').append(q.total()).append("题（")
                .append(q.type().label()).append("）\n").append(q.question());
        if (q.type() == QuizQuestion.Type.JUDGE) {
            return out.append("\n回复“对”或“错”。").toString();
        }
        for (int i = 0; i < q.choices().size(); i++) {
            out.append('\n').append(QuizEngine.LETTERS.charAt(i)).append(". ").append(q.choices().get(i));
        }
        return out.append(q.type() == QuizQuestion.Type.MULTIPLE ? "\n多选，回复全部正确字母，如 AC。" : "\n回复字母作答。")
                .toString();
    }

    private String result(QuizEngine.Result r) {
        StringBuilder out = new StringBuilder(r.mode() == QuizEngine.Mode.PRACTICE ? "练习结束：" : "本轮结束：")
                .append("答对").append(r.correct()).append('/').append(r.total()).append("题，得")
                .append(r.score()).append("分，用时").append(duration(r.totalMillis())).append('。');
        if (r.rank() != null) {
            out.append(r.mode() == QuizEngine.Mode.CAMPAIGN ? "专项排名第" : "今日排名第").append(r.rank()).append('。');
        }
        if (r.certificate()) {
            out.append("\n荣誉证书：").append(certificates.link(r.roundId()));
        }
        if (r.correct() < r.total()) {
            out.append("\n回复“错题”复习答错的题。");
        }
        return out.toString();
    }

    private String leaderboard(Player player) {
        List<QuizBoards.Line> top = boards.today(10);
        if (top.isEmpty()) {
            return "今天还没有人完成答题，回复“答题”抢个第一！";
        }
        Map<String, String> names = residents.displayNames(top.stream().map(QuizBoards.Line::member).toList());
        StringBuilder out = new StringBuilder("今日答题排行：");
        for (QuizBoards.Line line : top) {
            out.append('\n').append(line.rank()).append(". ").append(names.getOrDefault(line.member(), "文明市民"))
                    .append(' ').append(line.score()).append("分 ").append(duration(line.millis()));
        }
        Long mine = boards.todayRank(hasher.hash(player.openid()));
        return out.append(mine == null ? "\n您今天还没有计分成绩。" : "\n您排第" + mine + "名。").toString();
    }

    private String wrongBook(Player player) {
        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT q.question, q.type, q.options, q.answer, q.explanation FROM quiz_wrong_book w
                JOIN quiz_question q ON q.id = w.question_id WHERE w.openid = :o ORDER BY w.added_at DESC LIMIT 5""")
                .param("o", player.openid()).query().listOfRows();
        if (rows.isEmpty()) {
            return "错题本是空的，继续保持！";
        }
        StringBuilder out = new StringBuilder("您的错题（最近" + rows.size() + "道）：");
        for (Map<String, Object> row : rows) {
            QuizQuestion q = QuizBank.row("x", (String) row.get("type"), "", (String) row.get("question"),
                    (String) row.get("options"), (String) row.get("answer"), "", (String) row.get("explanation"), 1,
                    true);
            String right = q.correct().stream().map(i -> q.choices().get(i)).reduce((a, b) -> a + "、" + b).orElse("");
            out.append("\n· ").append(q.question()).append("\n  答案：").append(right).append("。").append(q.explanation());
        }
        return out.toString();
    }

    private String community(Player player, String name) {
        String reply = residents.bindCommunity(player, name, false);
        if (reply.startsWith(QuizResidents.CONFIRM)) {
            redis.opsForValue().set(PENDING_COMMUNITY + hasher.hash(player.openid()), name, Duration.ofMinutes(10));
        }
        return reply;
    }

    private String safely(Supplier<String> action) {
        try {
            return action.get();
        } catch (DataAccessException e) {
            log.warn("Quiz unavailable: {}", e.getMessage());
            return UNAVAILABLE;
        }
    }

    static String duration(long millis) {
        long seconds = Math.round(millis / 1000.0);
        return seconds >= 60 ? seconds / 60 + "分" + seconds % 60 + "秒" : seconds + "秒";
    }
}
