package cn.wenming.conversation;

import cn.wenming.ask.Intent;
import java.util.Optional;
import java.util.List;

/**
 * A feature's part of the chat. The conversation manager decides which flow gets a message; a flow
 * keeps its state in its own part of the conversation record ({@link Turn#state}) and never sees
 * WeChat's XML.
 *
 * <p>Main flows (随手拍, quiz, survey) stay open until finished or cancelled, and may be left
 * suspended while the resident does something else. Offers ({@link #offer()}: a rating request, a
 * "您是不是想问" list) only take their exact replies and lapse on any other message.
 */
public interface ChatFlow {

    /** Its name in the conversation record. */
    String name();

    /** The intents it serves; the first is the one that opens it. */
    List<Intent> intents();

    default boolean offer() {
        return false;
    }

    /** A request for one of its intents (typed or from the menu); may open the flow. */
    String serve(Intent intent, Turn turn);

    /**
     * A reply only this flow understands (取消, 提交, a quiz letter, a number from its list), or
     * empty. Called while the flow is open ({@code open} true), while an offer holds state, and for
     * every other main flow with {@code open} false: a suspended one takes 继续 and 取消, one just
     * finished a redelivered 提交.
     */
    Optional<String> exactReply(Turn turn, boolean open);

    /** While open: a message that is not clearly anything else (a description, an address). */
    String freeText(Turn turn);

    /** The line added when something else was served while this flow waits; empty for offers. */
    Optional<String> reminder(Turn turn);

    /** An offer that was not taken up is withdrawn. */
    default void lapse(Turn turn) {
        turn.state(name()).clear();
    }

    /** A photo, if this flow takes photos. */
    default Optional<String> photo(Turn turn, String mediaId) {
        return Optional.empty();
    }

    /** A shared location, if this flow takes places. */
    default Optional<String> location(Turn turn, double latitude, double longitude, String label) {
        return Optional.empty();
    }
}
