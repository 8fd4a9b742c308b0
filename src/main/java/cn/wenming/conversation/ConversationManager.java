package cn.wenming.conversation;

import cn.wenming.ask.AskResult;
import cn.wenming.ask.AskService;
import cn.wenming.ask.Intent;
import cn.wenming.core.CommandTable;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Decides which flow gets each message, so that residents are understood and never trapped:
 * <ol>
 *   <li>"人工" goes to a person;</li>
 *   <li>a reply the open flow expects exactly (取消, 提交, a quiz letter) goes to it; then the exact
 *       replies of standing offers (a number from a list, a rating) and 继续/取消 for a suspended flow;</li>
 *   <li>anything else is understood first (intent, knowledge answer). A request for another feature or a
 *       question the knowledge base answers is served, with one line about the flow still open; what is
 *       not clearly anything else is the open flow's input.</li>
 * </ol>
 * The gateway hands messages here and knows no feature; features plug in as {@link ChatFlow}s.
 */
@Service
public class ConversationManager {

    /** An answered question this likely to be a report gets a line on how to report. */
    private static final double REPORT_HINT = 0.2;
    /** A message this likely to be a question gets its "您是不是想问" list even inside a flow. */
    private static final double QUESTION = 0.8;

    private final List<ChatFlow> mains;
    private final List<ChatFlow> offers;
    private final KnowledgeFlow knowledge;
    private final AskService ask;
    private final CommandTable commands;
    private final ConversationTexts texts;

    ConversationManager(List<ChatFlow> flows, KnowledgeFlow knowledge, AskService ask, CommandTable commands,
            ConversationTexts texts) {
        this.mains = flows.stream().filter(f -> !f.offer()).toList();
        // The knowledge list first: its digits were offered most recently whenever both stand.
        this.offers = flows.stream().filter(ChatFlow::offer)
                .sorted((a, b) -> Boolean.compare(b == knowledge, a == knowledge)).toList();
        this.knowledge = knowledge;
        this.ask = ask;
        this.commands = commands;
        this.texts = texts;
    }

    /** A typed message (or a recognised voice message). */
    public Reply onText(Conversation conversation, String messageKey, String text) {
        Turn turn = new Turn(conversation, messageKey, text, commands);
        if (ask.wantsHuman(text)) {
            return Reply.human();
        }
        Optional<ChatFlow> open = conversation.active().flatMap(this::main);
        if (open.isPresent()) {
            Optional<String> reply = open.get().exactReply(turn, true);
            if (reply.isPresent()) {
                return Reply.text(reply.get(), open.get().name());
            }
        }
        for (ChatFlow offer : standing(turn, offers)) {
            Optional<String> reply = offer.exactReply(turn, true);
            if (reply.isPresent()) {
                return Reply.text(reply.get(), offer.name());
            }
        }
        // Flows not open are asked too: 继续/取消 for a suspended one, a repeated 提交 for one just finished.
        for (ChatFlow suspended : mains) {
            Optional<String> reply = suspended == open.orElse(null) ? Optional.empty()
                    : suspended.exactReply(turn, false);
            if (reply.isPresent()) {
                return Reply.text(reply.get(), suspended.name());
            }
        }
        if (!conversation.available() && (turn.is("flow.cancel") || turn.is("flow.resume")
                || turn.is("report.submit") || turn.is("report.skip"))) {
            // Redis is down: the open flow cannot be read, so say so instead of guessing.
            return Reply.text(texts.text("flows-unavailable"), "unavailable");
        }
        if (turn.is("flow.cancel") || turn.is("flow.resume")) {
            // "取消" with nothing to cancel is not a question about cancelling.
            return Reply.text(texts.text("nothing-open"), "help");
        }
        standing(turn, offers).forEach(offer -> offer.lapse(turn));
        AskResult result = ask.ask(text, conversation.openid());
        Intent intent = Intent.fromKey(result.intent());
        if (intent.feature()) {
            ChatFlow target = flowFor(intent);
            if (open.isPresent() && open.get() == target && target.intents().get(0) == intent) {
                // "门口还有一堆垃圾" while reporting, "答题" while answering: more of the same.
                return Reply.text(target.freeText(turn), target.name());
            }
            return Reply.text(withReminder(target.serve(intent, turn), turn, target), intent.key());
        }
        boolean plainQuestion = result.offersChoices() && result.score(Intent.KNOWLEDGE) >= QUESTION;
        if (result.answered() || intent == Intent.GREETING || open.isEmpty() || plainQuestion) {
            String reply = knowledge.render(result, turn);
            if (result.answered() && open.isEmpty() && result.score(Intent.REPORT) >= REPORT_HINT) {
                // "小区里好多人遛狗不牵绳 到底规定要不要牵绳": the rule, and the way to report it.
                reply += "\n" + texts.text("report-hint");
            }
            return Reply.text(withReminder(reply, turn, knowledge), result.intent());
        }
        // Not an answer, not another feature, not plainly a question: the open flow's input (an address).
        return Reply.text(open.get().freeText(turn), open.get().name());
    }

    /** A CLICK on the custom menu: its key names an intent (config/menu.json). */
    public Reply onMenu(Conversation conversation, String messageKey, String key) {
        Intent intent = Intent.fromKey(key);
        if (!intent.feature()) {
            return Reply.text(texts.help(), "help");
        }
        Turn turn = new Turn(conversation, messageKey, null, commands);
        ChatFlow target = flowFor(intent);
        return Reply.text(withReminder(target.serve(intent, turn), turn, target), intent.key());
    }

    /** A photo: for the open flow if it takes photos, else for the flow that does (随手拍). */
    public Reply onPhoto(Conversation conversation, String messageKey, String mediaId) {
        Turn turn = new Turn(conversation, messageKey, null, commands);
        return firstTaker(conversation, flow -> flow.photo(turn, mediaId));
    }

    /** A shared location: as a photo. One without usable coordinates is asked for again. */
    public Reply onLocation(Conversation conversation, String messageKey, Double latitude, Double longitude,
            String label) {
        if (latitude == null || longitude == null || !Double.isFinite(latitude) || !Double.isFinite(longitude)) {
            return Reply.text(texts.text("location-unreadable"), "help");
        }
        Turn turn = new Turn(conversation, messageKey, null, commands);
        return firstTaker(conversation, flow -> flow.location(turn, latitude, longitude, label));
    }

    private Reply firstTaker(Conversation conversation, Function<ChatFlow, Optional<String>> offerTo) {
        Optional<ChatFlow> open = conversation.active().flatMap(this::main);
        for (ChatFlow flow : open.map(f -> prepend(f, mains)).orElse(mains)) {
            Optional<String> reply = offerTo.apply(flow);
            if (reply.isPresent()) {
                return Reply.text(reply.get(), flow.name());
            }
        }
        return Reply.text(texts.help(), "help");
    }

    /** The served text, plus one line about a flow still waiting (the open one first). */
    private String withReminder(String served, Turn turn, ChatFlow servedBy) {
        Optional<ChatFlow> open = turn.conversation().active().flatMap(this::main);
        for (ChatFlow waiting : open.map(f -> prepend(f, mains)).orElse(mains)) {
            if (waiting == servedBy || turn.state(waiting.name()).isEmpty()) {
                continue;
            }
            Optional<String> reminder = waiting.reminder(turn);
            if (reminder.isPresent()) {
                return served + "\n\n" + reminder.get();
            }
        }
        return served;
    }

    private List<ChatFlow> standing(Turn turn, List<ChatFlow> flows) {
        return flows.stream().filter(f -> !turn.state(f.name()).isEmpty()).toList();
    }

    private Optional<ChatFlow> main(String name) {
        return mains.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private ChatFlow flowFor(Intent intent) {
        return mains.stream().filter(f -> f.intents().contains(intent)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No chat flow serves " + intent));
    }

    private static List<ChatFlow> prepend(ChatFlow first, List<ChatFlow> rest) {
        return Stream.concat(Stream.of(first), rest.stream().filter(f -> f != first)).toList();
    }
}
