package cn.wenming.conversation;

import cn.wenming.ask.AskResult;
import cn.wenming.ask.AskService;
import cn.wenming.ask.Intent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Knowledge answers in the chat, as an offer: after a "您是不是想问" list a digit picks an entry, and
 * after an answer "还有吗" lists the entries related to it. Both are remembered for five minutes.
 */
@Component
class KnowledgeFlow implements ChatFlow {

    static final String NAME = "ask";
    private static final Duration MEMORY = Duration.ofMinutes(5);
    private static final String OFFERED = "offered";
    private static final String RELATED = "related";

    private final AskService ask;
    private final ConversationTexts texts;

    KnowledgeFlow(AskService ask, ConversationTexts texts) {
        this.ask = ask;
        this.texts = texts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Intent> intents() {
        return List.of(Intent.KNOWLEDGE);
    }

    @Override
    public boolean offer() {
        return true;
    }

    @Override
    public String serve(Intent intent, Turn turn) {
        return render(ask.ask(turn.text(), turn.openid()), turn);
    }

    @Override
    public Optional<String> exactReply(Turn turn, boolean open) {
        FlowState state = turn.state(NAME);
        Optional<String> chosen = state.get(OFFERED).flatMap(ids -> ask.choose(turn.text(), split(ids)))
                .map(result -> render(result, turn));
        if (chosen.isPresent()) {
            return chosen;
        }
        if (ask.wantsMore(turn.text()) && state.has(RELATED)) {
            return Optional.of(render(ask.more(split(state.get(RELATED).orElseThrow())), turn));
        }
        return Optional.empty();
    }

    @Override
    public String freeText(Turn turn) {
        return serve(Intent.KNOWLEDGE, turn);
    }

    @Override
    public Optional<String> reminder(Turn turn) {
        return Optional.empty();
    }

    /** A list not picked from is withdrawn (the digits may mean something else next); related stay. */
    @Override
    public void lapse(Turn turn) {
        turn.state(NAME).remove(OFFERED);
    }

    /** The chat text for a result, remembering what a digit or "还有吗" will refer to next. */
    String render(AskResult result, Turn turn) {
        FlowState state = turn.state(NAME);
        Intent intent = Intent.fromKey(result.intent());
        if (result.answered()) {
            state.remove(OFFERED);
            state.put(RELATED, String.join(",", result.suggestionIds())).keepFor(MEMORY);
            return result.answer();
        }
        if (result.followUp()) {
            if (result.suggestions().isEmpty()) {
                return texts.text("nothing-more");
            }
            state.put(OFFERED, String.join(",", result.suggestionIds())).keepFor(MEMORY);
            return numbered(texts.text("related-lead"), result);
        }
        if (result.offersChoices()) {
            state.put(OFFERED, String.join(",", result.suggestionIds())).keepFor(MEMORY);
            return numbered(texts.text("suggestions-lead"), result);
        }
        return intent == Intent.GREETING ? texts.text("greeting") : texts.text("decline");
    }

    private String numbered(String lead, AskResult result) {
        StringBuilder text = new StringBuilder(lead);
        List<AskResult.Suggestion> suggestions = result.suggestions();
        for (int i = 0; i < suggestions.size(); i++) {
            text.append('\n').append(i + 1).append(". ").append(suggestions.get(i).question());
        }
        return text.append('\n').append(texts.text("pick-number")).toString();
    }

    private static List<String> split(String ids) {
        return ids.isEmpty() ? List.of() : Arrays.asList(ids.split(","));
    }
}
