package cn.wenming.quiz;

import cn.wenming.ask.Intent;
import cn.wenming.conversation.ChatFlow;
import cn.wenming.conversation.FlowState;
import cn.wenming.conversation.Turn;
import cn.wenming.core.CommandTable;
import cn.wenming.core.OpenIdHasher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The quiz in the chat: "答题" starts a scored round, "练习" an unscored one, "专项答题" a round of
 * the campaign running now; "A", "AC", "对"/"错" answer; "退出" ends the round (it counts). Also
 * "排行榜", "错题", "证书姓名 张三", "社区 荷风社区" (changing it needs "确认更换") and "单位 CODE".
 * The round itself lives in {@link QuizEngine} (shared with H5); the conversation record only marks
 * that a chat round is open.
 */
@Component
class QuizFlow implements ChatFlow {

    private static final Logger log = LoggerFactory.getLogger(QuizFlow.class);
    static final String NAME = "quiz";
    private static final String ROUND = "round";
    private static final String PENDING_COMMUNITY = "pendingCommunity";
    private static final Duration CONFIRM_WINDOW = Duration.ofMinutes(10);
    /** Answers are short ("A", "abcd", "正确"); anything longer is not tried as one. */
    private static final int MAX_ANSWER_CHARS = 4;
    private static final Pattern ANSWER_LIKE = Pattern.compile("[a-z]{1,4}|[对错√×]");

    private final QuizEngine engine;
    private final QuizBoards boards;
    private final Certificates certificates;
    private final QuizResidents residents;
    private final JdbcClient jdbc;
    private final QuizCampaigns campaigns;
    private final QuizProperties properties;
    private final CommandTable commands;
    private final QuizTexts texts;
    private final OpenIdHasher hasher;

    QuizFlow(QuizEngine engine, QuizBoards boards, Certificates certificates, QuizResidents residents,
            JdbcClient jdbc, QuizCampaigns campaigns, QuizProperties properties, CommandTable commands,
            QuizTexts texts, OpenIdHasher hasher) {
        this.hasher = hasher;
        this.engine = engine;
        this.boards = boards;
        this.certificates = certificates;
        this.residents = residents;
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.properties = properties;
        this.commands = commands;
        this.texts = texts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Intent> intents() {
        return List.of(Intent.QUIZ);
    }

    @Override
    public String serve(Intent intent, Turn turn) {
        return safely(() -> command(turn));
    }

    @Override
    public Optional<String> exactReply(Turn turn, boolean open) {
        FlowState state = turn.state(NAME);
        Player player = player(turn);
        if (state.has(PENDING_COMMUNITY) && turn.is("quiz.confirm-community")) {
            String community = state.get(PENDING_COMMUNITY).orElseThrow();
            state.remove(PENDING_COMMUNITY);
            return Optional.of(safely(() -> residents.bindCommunity(player, community, true).text()));
        }
        if (!state.has(ROUND)) {
            return Optional.empty();
        }
        if (turn.is("flow.cancel")) {
            endRound(turn);
            return Optional.of(safely(() -> engine.quit(player).map(this::result).orElse(texts.text("round-over"))));
        }
        if (turn.is("flow.resume")) {
            turn.conversation().open(NAME);
            return Optional.of(safely(() -> current(turn)));
        }
        String compact = CommandTable.compact(turn.text());
        if (!open || compact.isEmpty() || compact.length() > MAX_ANSWER_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.of(answer(turn, player));
        } catch (QuizEngine.NotAnAnswer e) {
            // "Z", "abcde": meant as an answer, so say how to answer; anything else may be another request.
            if (!ANSWER_LIKE.matcher(compact).matches()) {
                return Optional.empty();
            }
            Optional<QuizEngine.Served> current = engine.current(player);
            if (current.isEmpty()) {
                endRound(turn);
            }
            return current.map(q -> e.getMessage() + "\n\n" + question(q));
        } catch (DataAccessException e) {
            log.warn("Quiz unavailable: {}", e.getMessage());
            return Optional.of(texts.unavailable());
        }
    }

    /** Neither an answer nor anything else: the hint and the question again, or a quiz command. */
    @Override
    public String freeText(Turn turn) {
        if (!startsRound(turn)) {
            return serve(Intent.QUIZ, turn) + reminder(turn).map(r -> "\n\n" + r).orElse("");
        }
        return safely(() -> current(turn));
    }

    @Override
    public Optional<String> reminder(Turn turn) {
        return turn.state(NAME).has(ROUND) ? Optional.of(texts.text("reminder")) : Optional.empty();
    }

    private String command(Turn turn) {
        Player player = player(turn);
        if (turn.is("intent.quiz.leaderboard")) {
            return leaderboard(player);
        }
        if (turn.is("intent.quiz.wrong-book")) {
            return wrongBook(player);
        }
        if (turn.is("intent.quiz.practice")) {
            return begin(turn, QuizEngine.Mode.PRACTICE, null, texts.text("start-practice"));
        }
        if (turn.is("intent.quiz.campaign")) {
            return campaign(turn);
        }
        Optional<String> name = argument("args.quiz.name", turn);
        if (name.isPresent()) {
            return residents.name(player, name.get()).text();
        }
        Optional<String> community = argument("args.quiz.community", turn);
        if (community.isPresent()) {
            QuizResidents.Reply reply = residents.bindCommunity(player, community.get(), false);
            if (reply.outcome() == QuizResidents.Reply.Outcome.CONFIRM) {
                turn.state(NAME).put(PENDING_COMMUNITY, community.get()).keepFor(CONFIRM_WINDOW);
                return reply.text() + texts.text("community-change-reply");
            }
            return reply.text();
        }
        Optional<String> unit = argument("args.quiz.unit", turn);
        if (unit.isPresent()) {
            return residents.bindUnit(player, unit.get()).text();
        }
        return begin(turn, QuizEngine.Mode.DAILY, null, texts.text("start-daily"));
    }

    /** Whether the message would start a round (as opposed to a board, the 错题本 or a binding). */
    private boolean startsRound(Turn turn) {
        return turn.text() == null || !(turn.is("intent.quiz.leaderboard") || turn.is("intent.quiz.wrong-book")
                || argument("args.quiz.name", turn).isPresent() || argument("args.quiz.community", turn).isPresent()
                || argument("args.quiz.unit", turn).isPresent());
    }

    private Optional<String> argument(String command, Turn turn) {
        return turn.text() == null ? Optional.empty() : commands.argument(command, turn.text());
    }

    /** "专项答题": a round of the campaign running now, on its own board. */
    private String campaign(Turn turn) {
        Optional<QuizCampaigns.Campaign> running = campaigns.running();
        if (running.isEmpty()) {
            return texts.text("no-campaign");
        }
        QuizCampaigns.Campaign campaign = running.get();
        try {
            return begin(turn, QuizEngine.Mode.CAMPAIGN, campaign.id(),
                    texts.text("start-campaign", "name", campaign.name()));
        } catch (IllegalStateException e) {
            log.warn("Campaign {} has no question to serve: {}", campaign.id(), e.getMessage());
            return texts.text("campaign-empty", "name", campaign.name());
        }
    }

    private String begin(Turn turn, QuizEngine.Mode mode, Long campaignId, String lead) {
        try {
            QuizEngine.Served first = engine.start(player(turn), mode, campaignId);
            turn.state(NAME).put(ROUND, String.valueOf(first.roundId())).keepFor(roundLength());
            turn.conversation().open(NAME);
            return texts.text("started", "lead", lead, "total", first.total(), "seconds",
                    first.timeLimit().toSeconds()) + "\n\n" + question(first);
        } catch (QuizEngine.NoAttemptsLeft e) {
            return e.getMessage() + texts.text("no-attempts-more");
        }
    }

    private String answer(Turn turn, Player player) {
        QuizEngine.Feedback feedback = engine.answer(player, turn.text());
        String verdict = feedback.correct() ? texts.text("right")
                : texts.text(feedback.late() ? "late" : "wrong", "answer", feedback.rightAnswer());
        String next;
        if (feedback.next() != null) {
            turn.state(NAME).keepFor(roundLength());
            next = question(feedback.next());
        } else {
            endRound(turn);
            next = result(feedback.result());
        }
        return verdict + "\n" + feedback.explanation() + "\n\n" + next;
    }

    private String current(Turn turn) {
        Optional<QuizEngine.Served> current = engine.current(player(turn));
        if (current.isEmpty()) {
            endRound(turn);
            return texts.text("round-over");
        }
        return question(current.get());
    }

    private void endRound(Turn turn) {
        turn.state(NAME).remove(ROUND);
        turn.conversation().close(NAME);
    }

    private String question(QuizEngine.Served q) {
        StringBuilder out = new StringBuilder(texts.text("question-head", "position", q.position(), "total",
                q.total(), "type", q.type().label())).append('\n').append(q.question());
        if (q.type() == QuizQuestion.Type.JUDGE) {
            return out.append('\n').append(texts.text("judge-hint")).toString();
        }
        for (int i = 0; i < q.choices().size(); i++) {
            out.append('\n').append(QuizEngine.LETTERS.charAt(i)).append(". ").append(q.choices().get(i));
        }
        return out.append('\n').append(texts.text(q.type() == QuizQuestion.Type.MULTIPLE ? "multiple-hint"
                : "single-hint")).toString();
    }

    private String result(QuizEngine.Result r) {
        StringBuilder out = new StringBuilder(texts.text(r.mode() == QuizEngine.Mode.PRACTICE ? "result-practice"
                : "result-round")).append(texts.text("result", "correct", r.correct(), "total", r.total(), "score",
                r.score(), "time", texts.duration(r.totalMillis())));
        if (r.rank() != null) {
            out.append(texts.text(r.mode() == QuizEngine.Mode.CAMPAIGN ? "rank-campaign" : "rank-today", "rank",
                    r.rank()));
        }
        if (r.certificate()) {
            out.append('\n').append(texts.text("certificate", "url", certificates.link(r.roundId())));
        }
        if (r.correct() < r.total()) {
            out.append('\n').append(texts.text("review-wrong"));
        }
        return out.toString();
    }

    private String leaderboard(Player player) {
        List<QuizBoards.Line> top = boards.today(10);
        if (top.isEmpty()) {
            return texts.text("board-empty");
        }
        Map<String, String> names = residents.displayNames(top.stream().map(QuizBoards.Line::member).toList());
        StringBuilder out = new StringBuilder(texts.text("board-lead"));
        for (QuizBoards.Line line : top) {
            out.append('\n').append(texts.text("board-line", "rank", line.rank(), "name",
                    names.getOrDefault(line.member(), texts.text("board-anonymous")), "score", line.score(), "time",
                    texts.duration(line.millis())));
        }
        Long mine = boards.todayRank(hasher.hash(player.openid()));
        return out.append('\n').append(mine == null ? texts.text("board-none") : texts.text("board-mine", "rank", mine))
                .toString();
    }

    private String wrongBook(Player player) {
        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT q.question, q.type, q.options, q.answer, q.explanation FROM quiz_wrong_book w
                JOIN quiz_question q ON q.id = w.question_id WHERE w.openid = :o ORDER BY w.added_at DESC LIMIT 5""")
                .param("o", player.openid()).query().listOfRows();
        if (rows.isEmpty()) {
            return texts.text("wrong-book-empty");
        }
        StringBuilder out = new StringBuilder(texts.text("wrong-book-lead", "count", rows.size()));
        for (Map<String, Object> row : rows) {
            QuizQuestion q = QuizBank.row("x", (String) row.get("type"), "", (String) row.get("question"),
                    (String) row.get("options"), (String) row.get("answer"), "", (String) row.get("explanation"), 1,
                    true);
            String right = q.correct().stream().map(i -> q.choices().get(i)).reduce((a, b) -> a + "、" + b).orElse("");
            out.append('\n').append(texts.text("wrong-book-line", "question", q.question(), "answer", right,
                    "explanation", q.explanation()));
        }
        return out.toString();
    }

    /** Long enough for every question of a round plus one; the engine's sweep closes silent rounds. */
    private Duration roundLength() {
        return properties.timePerQuestion().multipliedBy(properties.roundSize() + 1L);
    }

    private String safely(Supplier<String> action) {
        try {
            return action.get();
        } catch (DataAccessException e) {
            log.warn("Quiz unavailable: {}", e.getMessage());
            return texts.unavailable();
        }
    }

    private static Player player(Turn turn) {
        return new Player(turn.appId(), turn.openid());
    }
}
