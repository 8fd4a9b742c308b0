package cn.wenming.quiz;

import cn.wenming.core.CityTime;
import cn.wenming.core.OpenIdHasher;
import cn.wenming.report.GridMap;
import cn.wenming.resident.SignedInResident;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The quiz on the H5 page ({@code /h5/quiz}), beside the chat and on the same {@link QuizEngine}: the
 * same rounds, timer, attempts, boards, 错题本 and certificates. Questions are served without their
 * answer; the answer appears only on the page that follows the resident's choice. The countdown on
 * the page is for the eye only: the engine's clock decides what is late.
 */
@Controller
class QuizPageController {

    private static final Logger log = LoggerFactory.getLogger(QuizPageController.class);
    /** "roundId:position:epochMillis" of the question on screen, so a reload shows the time really left. */
    private static final String SHOWN = "wenming.quiz.shown";
    private static final int BOARD_SIZE = 10;
    private static final int WRONG_BOOK_SIZE = 50;

    private final QuizEngine engine;
    private final QuizBoards boards;
    private final QuizResidents residents;
    private final Certificates certificates;
    private final QuizProperties properties;
    private final GridMap grid;
    private final JdbcClient jdbc;
    private final OpenIdHasher hasher;
    private final Clock clock;
    private final QuizTexts texts;

    QuizPageController(QuizEngine engine, QuizBoards boards, QuizResidents residents, Certificates certificates,
            QuizProperties properties, GridMap grid, JdbcClient jdbc,
            OpenIdHasher hasher, Clock quizClock, QuizTexts texts) {
        this.texts = texts;
        this.engine = engine;
        this.boards = boards;
        this.residents = residents;
        this.certificates = certificates;
        this.properties = properties;
        this.grid = grid;
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.clock = quizClock;
    }

    /** One option as the page shows it. */
    record Choice(String letter, String text) {
    }

    /** A street's or district's standing, summed from its communities. */
    record RollUp(String code, String name, int participants, Integer headcount, Double participation,
            double averageBest) {
    }

    /** One line of an individual board as shown. */
    record BoardRow(long rank, String name, int score, String time, boolean mine) {
    }

    /** A question of the 错题本, with its right answer (the resident has answered it already). */
    record WrongQuestion(String question, String type, List<String> choices, List<String> right,
            String explanation) {
    }

    // ---- the page -------------------------------------------------------------------------------

    @GetMapping("/h5/quiz")
    String home(@RequestParam(required = false) String account, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz", account);
        }
        Player player = player(who.get());
        model.addAttribute("dev", who.get().devLogin());
        Optional<QuizEngine.Served> current = engine.current(player);
        if (current.isPresent()) {
            addQuestion(model, current.get(), request.getSession());
            return "quiz/question";
        }
        LocalDate today = today();
        Map<String, Object> day = jdbc.sql("SELECT count(*) AS used, coalesce(max(score), 0) AS best"
                + " FROM quiz_round WHERE openid = :o AND day = :d AND mode <> 'PRACTICE' AND campaign_id IS NULL")
                .param("o", player.openid()).param("d", today).query().singleRow();
        model.addAttribute("used", ((Number) day.get("used")).intValue());
        model.addAttribute("best", ((Number) day.get("best")).intValue());
        model.addAttribute("cap", properties.dailyScoredRounds());
        model.addAttribute("roundSize", properties.roundSize());
        model.addAttribute("seconds", properties.timePerQuestion().toSeconds());
        Map<String, Object> me = jdbc.sql("SELECT community_code, unit_code, display_name FROM quiz_resident"
                + " WHERE openid = :o").param("o", player.openid()).query().listOfRows().stream().findFirst()
                .orElse(Map.of());
        Map<String, String> communities = residents.communities();
        String community = (String) me.get("community_code");
        model.addAttribute("communities", communities);
        model.addAttribute("community", community);
        model.addAttribute("communityName", community == null ? null : communities.getOrDefault(community, community));
        String unit = (String) me.get("unit_code");
        model.addAttribute("unitName", unit == null ? null : residents.units().getOrDefault(unit, unit));
        model.addAttribute("displayName", me.get("display_name"));
        return "quiz/home";
    }

    @PostMapping("/h5/quiz/start")
    String start(@RequestParam(defaultValue = "DAILY") String mode, HttpServletRequest request,
            RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz", null);
        }
        QuizEngine.Mode chosen = "PRACTICE".equals(mode) ? QuizEngine.Mode.PRACTICE : QuizEngine.Mode.DAILY;
        try {
            QuizEngine.Served first = engine.start(player(who.get()), chosen, null);
            shown(request.getSession(), first);
            redirect.addFlashAttribute("notice", texts.text("started", "lead",
                    texts.text(chosen == QuizEngine.Mode.PRACTICE ? "start-practice" : "start-daily"),
                    "total", first.total(), "seconds", first.timeLimit().toSeconds()));
        } catch (QuizEngine.NoAttemptsLeft e) {
            redirect.addFlashAttribute("error", e.getMessage() + "可以点“练习”继续练习。");
        }
        return "redirect:/h5/quiz";
    }

    @PostMapping("/h5/quiz/answer")
    String answer(@RequestParam(required = false) Long round, @RequestParam(required = false) Integer position,
            @RequestParam(name = "choice", required = false) List<String> choice, HttpServletRequest request,
            Model model, RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz", null);
        }
        Player player = player(who.get());
        Optional<QuizEngine.Served> current = engine.current(player);
        if (current.isEmpty()) {
            redirect.addFlashAttribute("error", "本轮答题已结束，可以重新开始。");
            return "redirect:/h5/quiz";
        }
        QuizEngine.Served served = current.get();
        if (round == null || position == null || round != served.roundId() || position != served.position()) {
            // A reload or a second tap of an answered question: never an answer to the next one.
            redirect.addFlashAttribute("error", "这道题已经作答过了，请看当前的题目。");
            return "redirect:/h5/quiz";
        }
        String reply = choice == null ? "" : choice.stream().filter(c -> c != null && !c.isBlank())
                .collect(Collectors.joining());
        QuizEngine.Feedback feedback;
        try {
            if (reply.isEmpty()) {
                throw new QuizEngine.NotAnAnswer("");
            }
            feedback = engine.answer(player, reply);
        } catch (QuizEngine.NotAnAnswer e) {
            redirect.addFlashAttribute("error", switch (served.type()) {
                case JUDGE -> "请选择“对”或“错”后再提交。";
                case MULTIPLE -> "请勾选全部正确的选项后再提交（多选）。";
                default -> "请选择一个选项后再提交。";
            });
            return "redirect:/h5/quiz";
        }
        model.addAttribute("dev", who.get().devLogin());
        model.addAttribute("served", served);
        model.addAttribute("feedback", feedback);
        model.addAttribute("chosen", shownAnswer(served, reply));
        model.addAttribute("right", shownAnswer(served, feedback.rightAnswer()));
        if (feedback.next() != null) {
            // The engine's clock for the next question runs from now: the page says so and counts it down.
            shown(request.getSession(), feedback.next());
            model.addAttribute("remaining", feedback.next().timeLimit().toSeconds());
        } else {
            addResult(model, feedback.result());
        }
        return "quiz/feedback";
    }

    @PostMapping("/h5/quiz/quit")
    String quit(HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz", null);
        }
        Optional<QuizEngine.Result> result = engine.quit(player(who.get()));
        if (result.isEmpty()) {
            redirect.addFlashAttribute("notice", texts.text("round-over"));
            return "redirect:/h5/quiz";
        }
        model.addAttribute("dev", who.get().devLogin());
        addResult(model, result.get());
        return "quiz/feedback";
    }

    // ---- 错题本 -----------------------------------------------------------------------------------

    @GetMapping("/h5/quiz/wrong-book")
    String wrongBook(HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz/wrong-book", null);
        }
        List<WrongQuestion> questions = jdbc.sql("""
                SELECT q.question, q.type, q.options, q.answer, q.explanation FROM quiz_wrong_book w
                JOIN quiz_question q ON q.id = w.question_id WHERE w.openid = :o ORDER BY w.added_at DESC LIMIT :n""")
                .param("o", who.get().openid()).param("n", WRONG_BOOK_SIZE)
                .query((rs, n) -> {
                    QuizQuestion q = QuizBank.row("x", rs.getString(2), "", rs.getString(1), rs.getString(3),
                            rs.getString(4), "", rs.getString(5), 1, true);
                    List<String> choices = new ArrayList<>();
                    if (q.type() != QuizQuestion.Type.JUDGE) {
                        for (int i = 0; i < q.choices().size(); i++) {
                            choices.add(QuizEngine.LETTERS.charAt(i) + ". " + q.choices().get(i));
                        }
                    }
                    List<String> right = q.correct().stream().sorted()
                            .map(i -> q.type() == QuizQuestion.Type.JUDGE ? q.choices().get(i)
                                    : QuizEngine.LETTERS.charAt(i) + ". " + q.choices().get(i))
                            .toList();
                    return new WrongQuestion(q.question(), q.type().label(), choices, right, q.explanation());
                }).list();
        model.addAttribute("dev", who.get().devLogin());
        model.addAttribute("questions", questions);
        return "quiz/wrong-book";
    }

    // ---- boards ---------------------------------------------------------------------------------

    @GetMapping("/h5/quiz/boards")
    String boards(@RequestParam(defaultValue = "week") String period, HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz/boards", null);
        }
        List<QuizBoards.Line> today = boards.today(BOARD_SIZE);
        List<QuizBoards.Line> week = boards.thisWeek(BOARD_SIZE);
        List<QuizBoards.Line> all = boards.allTime(BOARD_SIZE);
        Map<String, String> names = residents.displayNames(Stream.of(today, week, all).flatMap(List::stream)
                .map(QuizBoards.Line::member).distinct().toList());
        String me = hasher.hash(who.get().openid());
        model.addAttribute("dev", who.get().devLogin());
        model.addAttribute("today", rows(today, names, me));
        model.addAttribute("week", rows(week, names, me));
        model.addAttribute("all", rows(all, names, me));
        model.addAttribute("myRank", boards.todayRank(me));

        String chosen = List.of("day", "week", "all").contains(period) ? period : "week";
        LocalDate to = today();
        LocalDate from = switch (chosen) {
            case "day" -> to;
            case "all" -> LocalDate.of(2000, 1, 1);
            default -> to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        };
        Map<String, String> communities = residents.communities();
        List<QuizBoards.GroupLine> communityLines = new ArrayList<>(
                boards.groups("community_code", from, to, communities));
        // Communities nobody from has played yet are on the board too, at 0%.
        communities.forEach((code, name) -> {
            if (communityLines.stream().noneMatch(l -> l.code().equals(code))) {
                Integer headcount = properties.headcounts().get(code);
                communityLines.add(new QuizBoards.GroupLine(code, name, 0, headcount,
                        headcount == null || headcount == 0 ? null : 0.0, 0));
            }
        });
        model.addAttribute("period", chosen);
        model.addAttribute("communities", communityLines);
        model.addAttribute("streets", rollUp(communityLines, 2, "street"));
        model.addAttribute("districts", rollUp(communityLines, 1, "district"));
        model.addAttribute("units", boards.groups("unit_code", from, to, residents.units()));
        return "quiz/boards";
    }

    private List<BoardRow> rows(List<QuizBoards.Line> lines, Map<String, String> names, String me) {
        String anonymous = texts.text("board-anonymous");
        return lines.stream().map(l -> new BoardRow(l.rank(), names.getOrDefault(l.member(), anonymous), l.score(),
                texts.duration(l.millis()), l.member().equals(me))).toList();
    }

    /**
     * Streets ({@code MH-HB}) or districts ({@code MH}) from community codes ({@code MH-HB-LA}): the
     * participants and head-counts of their communities added up, the average best score weighted by
     * participants.
     */
    List<RollUp> rollUp(List<QuizBoards.GroupLine> communities, int segments, String level) {
        Map<String, String> names = new LinkedHashMap<>();
        grid.areas().stream().filter(a -> a.level().equals(level)).forEach(a -> names.put(a.code(), a.name()));
        Map<String, List<QuizBoards.GroupLine>> byParent = new LinkedHashMap<>();
        for (QuizBoards.GroupLine line : communities) {
            String[] parts = line.code().split("-");
            if (parts.length < segments) {
                continue;
            }
            String parent = String.join("-", Arrays.copyOf(parts, segments));
            byParent.computeIfAbsent(parent, p -> new ArrayList<>()).add(line);
        }
        List<RollUp> out = new ArrayList<>();
        byParent.forEach((code, lines) -> {
            int participants = lines.stream().mapToInt(QuizBoards.GroupLine::participants).sum();
            int headcount = lines.stream().map(QuizBoards.GroupLine::headcount).filter(h -> h != null)
                    .mapToInt(Integer::intValue).sum();
            double average = participants == 0 ? 0 : lines.stream()
                    .mapToDouble(l -> l.averageBest() * l.participants()).sum() / participants;
            out.add(new RollUp(code, names.getOrDefault(code, code), participants, headcount == 0 ? null : headcount,
                    headcount == 0 ? null : participants * 1.0 / headcount, average));
        });
        out.sort(Comparator.comparing((RollUp r) -> r.participation() == null ? -1 : r.participation()).reversed()
                .thenComparing(Comparator.comparingDouble(RollUp::averageBest).reversed()));
        return out;
    }

    // ---- who I am -------------------------------------------------------------------------------

    @PostMapping("/h5/quiz/community")
    String community(@RequestParam(defaultValue = "") String community,
            @RequestParam(defaultValue = "false") boolean confirmed, HttpServletRequest request,
            RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz", null);
        }
        QuizResidents.Reply reply = residents.bindCommunity(player(who.get()), community.strip(), confirmed);
        switch (reply.outcome()) {
            case CONFIRM -> {
                redirect.addFlashAttribute("confirmCommunity", community.strip());
                redirect.addFlashAttribute("confirmText", reply.text());
            }
            case REFUSED -> redirect.addFlashAttribute("error", "没有找到这个社区，请从列表中选择。");
            default -> redirect.addFlashAttribute("notice", reply.text());
        }
        return "redirect:/h5/quiz";
    }

    @PostMapping("/h5/quiz/unit")
    String unit(@RequestParam(defaultValue = "") String unit, HttpServletRequest request,
            RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz", null);
        }
        QuizResidents.Reply reply = residents.bindUnit(player(who.get()), unit);
        if (reply.outcome() == QuizResidents.Reply.Outcome.REFUSED) {
            redirect.addFlashAttribute("error", "单位代码不对，请向所在单位确认后再填写。");
        } else {
            redirect.addFlashAttribute("notice", reply.text());
        }
        return "redirect:/h5/quiz";
    }

    @PostMapping("/h5/quiz/name")
    String name(@RequestParam(defaultValue = "") String name, HttpServletRequest request,
            RedirectAttributes redirect) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl("/h5/quiz", null);
        }
        QuizResidents.Reply reply = residents.name(player(who.get()), name.strip());
        if (reply.outcome() == QuizResidents.Reply.Outcome.REFUSED) {
            redirect.addFlashAttribute("error", "请填写您的名字：汉字、字母或数字，不超过12个字。");
        } else {
            redirect.addFlashAttribute("notice", reply.text());
        }
        return "redirect:/h5/quiz";
    }

    /** Redis (or the database) is down: a polite page, never a 5xx. */
    @ExceptionHandler(DataAccessException.class)
    ModelAndView unavailable(DataAccessException e) {
        log.warn("Quiz page unavailable: {}", e.getMessage());
        ModelAndView page = new ModelAndView("quiz/unavailable");
        page.addObject("message", texts.unavailable());
        page.addObject("dev", false);
        return page;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void addQuestion(Model model, QuizEngine.Served served, HttpSession session) {
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < served.choices().size(); i++) {
            choices.add(new Choice(served.type() == QuizQuestion.Type.JUDGE ? served.choices().get(i)
                    : String.valueOf(QuizEngine.LETTERS.charAt(i)), served.choices().get(i)));
        }
        long limit = served.timeLimit().toSeconds();
        long shownAt = shownAt(session, served);
        long remaining = Math.max(0, limit - (clock.millis() - shownAt) / 1000);
        model.addAttribute("q", served);
        model.addAttribute("choices", choices);
        model.addAttribute("multiple", served.type() == QuizQuestion.Type.MULTIPLE);
        model.addAttribute("remaining", remaining);
    }

    private void addResult(Model model, QuizEngine.Result result) {
        model.addAttribute("result", result);
        model.addAttribute("practice", result.mode() == QuizEngine.Mode.PRACTICE);
        model.addAttribute("time", texts.duration(result.totalMillis()));
        model.addAttribute("certificate", result.certificate() ? certificates.path(result.roundId()) : null);
    }

    /** Letters as shown ("AC") to the options' words ("A. …"); 对/错 stay as they are. */
    private static List<String> shownAnswer(QuizEngine.Served served, String letters) {
        if (served.type() == QuizQuestion.Type.JUDGE) {
            return List.of(letters);
        }
        List<String> out = new ArrayList<>();
        for (char c : letters.toUpperCase().toCharArray()) {
            int i = QuizEngine.LETTERS.indexOf(c);
            if (i >= 0 && i < served.choices().size()) {
                out.add(c + ". " + served.choices().get(i));
            }
        }
        return out;
    }

    private void shown(HttpSession session, QuizEngine.Served served) {
        session.setAttribute(SHOWN, served.roundId() + ":" + served.position() + ":" + clock.millis());
    }

    private long shownAt(HttpSession session, QuizEngine.Served served) {
        Object value = session.getAttribute(SHOWN);
        if (value instanceof String s) {
            String[] parts = s.split(":");
            if (parts.length == 3 && parts[0].equals(String.valueOf(served.roundId()))
                    && parts[1].equals(String.valueOf(served.position()))) {
                return Long.parseLong(parts[2]);
            }
        }
        // Served elsewhere (the chat, another phone): count from now, the server decides anyway.
        shown(session, served);
        return clock.millis();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), CityTime.ZONE);
    }

    private static Player player(SignedInResident who) {
        return new Player(who.appId(), who.openid());
    }
}
