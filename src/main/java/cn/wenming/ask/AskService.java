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
 * One path for every question, whether it comes from WeChat or from {@code GET /api/ask}: intent
 * first, then the knowledge base, and a record of what it could not answer confidently.
 */
@Service
public class AskService {

    private final IntentClassifier intents;
    private final KnowledgeBase knowledge;
    private final QuestionLog questionLog;
    private final SuggestionMemory suggestions;
    private final OpenIdHasher hasher;

    AskService(IntentClassifier intents, KnowledgeBase knowledge, QuestionLog questionLog,
            SuggestionMemory suggestions, OpenIdHasher hasher) {
        this.intents = intents;
        this.knowledge = knowledge;
        this.questionLog = questionLog;
        this.suggestions = suggestions;
        this.hasher = hasher;
    }

    /** Whether a chat message asks to be handed to a human agent (WeChat's customer-service session). */
    public boolean wantsHuman(String message) {
        return intents.asksForHuman(TextNormalizer.normalize(message));
    }

    /**
     * @param question what the resident typed
     * @param openid   the resident, or null for anonymous API calls (then no suggestion memory)
     */
    public AskResult ask(String question, String openid) {
        String text = TextNormalizer.normalize(question);
        String who = hasher.hash(openid);
        Optional<KnowledgeEntry> chosen = who == null ? Optional.empty()
                : suggestions.choice(who, text).map(knowledge::entry);
        if (chosen.isPresent()) {
            return answered(who, chosen.get(), 1.0, List.of());
        }
        if (who != null && intents.asksForMore(text)) {
            Optional<List<String>> related = suggestions.related(who);
            if (related.isPresent()) {
                suggestions.remember(who, related.get());
                return new AskResult(Intent.KNOWLEDGE.key(), false, null, null, null, 0,
                        toSuggestions(related.get().stream().map(knowledge::entry).filter(Objects::nonNull).toList()),
                        true);
            }
        }
        Intent intent = intents.classify(text);
        if (intent != Intent.KNOWLEDGE) {
            return AskResult.forIntent(intent);
        }
        KnowledgeAnswer answer = knowledge.answer(text);
        Optional<Intent> feature = answer.decision() == KnowledgeAnswer.Decision.DECLINE
                ? intents.mentionedFeature(text) : Optional.empty();
        if (feature.isPresent()) {
            return AskResult.forIntent(feature.get());
        }
        if (!answer.confident()) {
            questionLog.record(question, who, answer);
        }
        return switch (answer.decision()) {
            case ANSWER -> answered(who, answer.entry(), answer.score(), answer.suggestions());
            case SUGGEST -> {
                if (who != null) {
                    suggestions.remember(who, answer.suggestions().stream().map(KnowledgeEntry::id).toList());
                }
                yield new AskResult(Intent.KNOWLEDGE.key(), false, null, null, null, answer.score(),
                        toSuggestions(answer.suggestions()), false);
            }
            case DECLINE -> new AskResult(Intent.UNKNOWN.key(), false, null, null, null, answer.score(), List.of(),
                    false);
        };
    }

    private AskResult answered(String who, KnowledgeEntry entry, double score, List<KnowledgeEntry> related) {
        if (who != null) {
            suggestions.rememberRelated(who, related.stream().map(KnowledgeEntry::id).toList());
        }
        return new AskResult(Intent.KNOWLEDGE.key(), true, entry.id(), entry.question(), entry.answer(), score,
                toSuggestions(related), false);
    }

    private static List<AskResult.Suggestion> toSuggestions(List<KnowledgeEntry> entries) {
        return entries.stream().map(e -> new AskResult.Suggestion(e.id(), e.question())).toList();
    }
}
