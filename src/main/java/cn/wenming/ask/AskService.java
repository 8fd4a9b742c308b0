package cn.wenming.ask;

import cn.wenming.core.OpenIdHasher;
import cn.wenming.core.TextNormalizer;
import cn.wenming.knowledge.KnowledgeAnswer;
import cn.wenming.knowledge.KnowledgeBase;
import cn.wenming.knowledge.KnowledgeEntry;
import cn.wenming.knowledge.QuestionLog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * One path for every question, whether it comes from WeChat or from {@code GET /api/ask}: the
 * intent first, then the knowledge base, and a record of what it could not answer confidently.
 * Stateless: what a resident was offered last (for "2" or "还有吗") is kept by the caller.
 */
@Service
public class AskService {

    /** A feature this likely (and clearly ahead) is served without asking the knowledge base. */
    private static final double SURE = 0.65;
    private static final int KEYWORD_CHARS = 4;
    /** A declined question goes to a feature only if the feature is at least this likely. */
    private static final double FALLBACK = 0.3;
    /** A keyword is looked up unless it can only be a request ("参加问卷"). */
    private static final double SURE_FOR_KEYWORD = 0.95;

    private final IntentClassifier intents;
    private final KnowledgeBase knowledge;
    private final QuestionLog questionLog;
    private final OpenIdHasher hasher;
    private final double featureMargin;

    AskService(IntentClassifier intents, KnowledgeBase knowledge, QuestionLog questionLog, OpenIdHasher hasher,
            IntentProperties properties) {
        this.intents = intents;
        this.knowledge = knowledge;
        this.questionLog = questionLog;
        this.hasher = hasher;
        this.featureMargin = properties.featureMargin();
    }

    /** Whether a chat message asks to be handed to a human agent (WeChat's customer-service session). */
    public boolean wantsHuman(String message) {
        return intents.asksForHuman(message);
    }

    /** Whether a chat message asks for more on the answer just given ("还有吗"). */
    public boolean wantsMore(String message) {
        return intents.asksForMore(message);
    }

    /** A question from the JSON API: nobody to remember, nothing logged against a resident. */
    public AskResult ask(String question) {
        return ask(question, null);
    }

    /**
     * @param question what the resident typed
     * @param openid   the resident (hashed before it is logged), or null for anonymous API calls
     */
    public AskResult ask(String question, String openid) {
        return decide(question, openid, true);
    }

    /** The same decision as {@link #ask}, recording nothing: for the console's 试一试. */
    AskResult tryOut(String question) {
        return decide(question, null, false);
    }

    private AskResult decide(String question, String openid, boolean record) {
        IntentClassifier.Understanding understood = intents.classify(question);
        List<IntentScore> ranked = understood.ranked();
        if (understood.cue() != null) {
            return AskResult.forIntent(understood.intent(), ranked);
        }
        String text = TextNormalizer.normalize(question);
        Intent top = understood.intent();
        // A word or two that is no command ("垃圾") is a keyword to look up, whatever it resembles; so is a
        // message without a Chinese character ("drop table", "ok"): the examples are Chinese.
        String compact = text.replace(" ", "");
        boolean keyword = compact.length() <= KEYWORD_CHARS
                || compact.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
        if (top.feature()) {
            double p = ranked.get(0).score();
            boolean clearLead = p - understood.score(Intent.KNOWLEDGE) >= featureMargin;
            if (clearLead && p >= SURE && (!keyword || p >= SURE_FOR_KEYWORD)) {
                return AskResult.forIntent(top, ranked);
            }
            // Not surely a request: a rule the knowledge base can answer wins ("商场里能抽烟不", "小龙虾壳").
            // The chat adds a line on how to report, in case a report was meant after all.
            KnowledgeAnswer answer = knowledge.answer(text);
            if (answer.answered()) {
                return answered(answer.entry(), answer.score(), answer.suggestions(), ranked);
            }
            if (keyword) {
                // "跳过" or "ok" out of context is no request for a feature: a list, or an honest decline.
                return answer.decision() == KnowledgeAnswer.Decision.SUGGEST ? offered(answer, ranked)
                        : declined(answer, ranked);
            }
            return AskResult.forIntent(top, ranked);
        }
        KnowledgeAnswer answer = knowledge.answer(text);
        if (answer.decision() == KnowledgeAnswer.Decision.DECLINE && top == Intent.KNOWLEDGE && !keyword) {
            // Nothing to answer, and a feature nearly as likely: "今天的每日答题在哪" is best served by it.
            // (A message most like the out-of-scope examples, or like nothing at all, is declined.)
            Optional<IntentScore> feature = ranked.stream().filter(s -> s.intent().feature()).findFirst()
                    .filter(s -> s.score() >= FALLBACK && ranked.get(0).score() - s.score() < featureMargin);
            if (feature.isPresent()) {
                return AskResult.forIntent(feature.get().intent(), ranked);
            }
        }
        if (record && !answer.confident()) {
            questionLog.record(question, hasher.hash(openid), answer);
        }
        return switch (answer.decision()) {
            case ANSWER -> answered(answer.entry(), answer.score(), answer.suggestions(), ranked);
            case SUGGEST -> offered(answer, ranked);
            case DECLINE -> declined(answer, ranked);
        };
    }

    private static AskResult declined(KnowledgeAnswer answer, List<IntentScore> ranked) {
        return new AskResult(Intent.UNKNOWN.key(), false, null, null, null, answer.score(), List.of(), false, ranked);
    }

    private static AskResult offered(KnowledgeAnswer answer, List<IntentScore> ranked) {
        return new AskResult(Intent.KNOWLEDGE.key(), false, null, null, null, answer.score(),
                toSuggestions(answer.suggestions()), false, ranked);
    }

    /** A numeric reply ("2") to a "您是不是想问" list: that entry's answer, if the list had that many. */
    public Optional<AskResult> choose(String message, List<String> offered) {
        String text = TextNormalizer.normalize(message);
        if (!text.matches("[1-9]") || Integer.parseInt(text) > offered.size()) {
            return Optional.empty();
        }
        return Optional.ofNullable(knowledge.entry(offered.get(Integer.parseInt(text) - 1)))
                .map(entry -> answered(entry, 1.0, List.of(), List.of()));
    }

    /** "还有吗" after an answer: the entries related to it (possibly none). */
    public AskResult more(List<String> related) {
        return new AskResult(Intent.KNOWLEDGE.key(), false, null, null, null, 0,
                toSuggestions(related.stream().map(knowledge::entry).filter(Objects::nonNull).toList()), true,
                List.of());
    }

    private static AskResult answered(KnowledgeEntry entry, double score, List<KnowledgeEntry> related,
            List<IntentScore> ranked) {
        return new AskResult(Intent.KNOWLEDGE.key(), true, entry.id(), entry.question(), entry.answer(), score,
                toSuggestions(related), false, ranked);
    }

    private static List<AskResult.Suggestion> toSuggestions(List<KnowledgeEntry> entries) {
        return entries.stream().map(e -> new AskResult.Suggestion(e.id(), e.question())).toList();
    }
}
