package cn.wenming.reach;

import cn.wenming.conversation.ChatOffer;
import cn.wenming.conversation.ConversationStore;
import cn.wenming.conversation.Turn;
import cn.wenming.quiz.Player;
import cn.wenming.quiz.QuizResidents;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * "您已绑定…，要更换为…吗？" after a resident bound to one community scans another's code: an offer
 * that takes 是 or 否 for ten minutes and lapses on any other message, so nobody is held in it.
 */
@Component
class CommunityChange implements ChatOffer {

    static final String NAME = "reach-community";
    private static final String COMMUNITY = "community";
    private static final Duration QUESTION = Duration.ofMinutes(10);

    private final ConversationStore conversations;
    private final QuizResidents residents;
    private final Communities communities;
    private final ReachTexts texts;

    CommunityChange(ConversationStore conversations, QuizResidents residents, Communities communities,
            ReachTexts texts) {
        this.conversations = conversations;
        this.residents = residents;
        this.communities = communities;
        this.texts = texts;
    }

    /** Asks the resident whether to move from {@code current} to {@code wanted}; returns the question. */
    String ask(String appId, String openid, Communities.Community current, Communities.Community wanted) {
        conversations.update(appId, openid, c -> c.state(NAME).put(COMMUNITY, wanted.code()).keepFor(QUESTION));
        return texts.text("community-change", "current", current.name(), "community", wanted.name());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> exactReply(Turn turn, boolean open) {
        Optional<Communities.Community> wanted = turn.state(NAME).get(COMMUNITY).flatMap(communities::community);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        if (turn.is("reach.change-community")) {
            turn.state(NAME).clear();
            residents.bindCommunity(new Player(turn.appId(), turn.openid()), wanted.get().code(), true);
            return Optional.of(texts.text("community-changed", "community", wanted.get().name()));
        }
        if (turn.is("reach.keep-community")) {
            turn.state(NAME).clear();
            String current = residents.communityOf(turn.openid()).flatMap(communities::community)
                    .map(Communities.Community::name).orElse("");
            return Optional.of(texts.text("community-kept", "current", current));
        }
        return Optional.empty();
    }
}
