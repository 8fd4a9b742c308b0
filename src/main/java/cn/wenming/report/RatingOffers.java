package cn.wenming.report;

import cn.wenming.conversation.ConversationStore;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Which handled report a resident was last asked to rate, in the "rating" part of their
 * conversation record, so that a bare "1"/"2"/"3" in the chat rates it for a week. Any other
 * message ends the offer (the digits may then mean something else).
 */
@Component
class RatingOffers {

    static final String NAME = "rating";
    static final String TICKET = "ticket";
    private static final Duration OFFER = Duration.ofDays(7);

    private final ConversationStore conversations;

    RatingOffers(ConversationStore conversations) {
        this.conversations = conversations;
    }

    void offer(String appId, String openid, String ticketNo) {
        conversations.update(appId, openid, c -> c.state(NAME).put(TICKET, ticketNo).keepFor(OFFER));
    }

    void withdraw(String appId, String openid) {
        conversations.update(appId, openid, c -> c.state(NAME).clear());
    }
}
