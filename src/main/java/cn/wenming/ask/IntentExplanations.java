package cn.wenming.ask;

import cn.wenming.knowledge.IntentExplainer;
import java.util.Map;
import org.springframework.stereotype.Component;

/** 试一试 in the console: the classifier's intents with their probabilities, and what the chat would do. */
@Component
class IntentExplanations implements IntentExplainer {

    private static final Map<Intent, String> LABELS = Map.of(Intent.KNOWLEDGE, "知识问答", Intent.REPORT, "随手拍举报",
            Intent.STATUS, "查询举报进度", Intent.QUIZ, "答题", Intent.SURVEY, "问卷", Intent.GREETING, "问候",
            Intent.OTHER, "与创文无关", Intent.UNKNOWN, "答不上来", Intent.VOLUNTEER, "志愿服务");

    private final IntentClassifier classifier;
    private final AskService ask;

    IntentExplanations(IntentClassifier classifier, AskService ask) {
        this.classifier = classifier;
        this.ask = ask;
    }

    @Override
    public Explanation explain(String message) {
        IntentClassifier.Understanding understood = classifier.classify(message);
        Intent served = Intent.fromKey(ask.tryOut(message).intent());
        return new Explanation(LABELS.get(served), understood.cue(), understood.ranked().stream()
                .map(s -> new Guess(s.intent().key(), LABELS.get(s.intent()), s.score())).toList());
    }
}
