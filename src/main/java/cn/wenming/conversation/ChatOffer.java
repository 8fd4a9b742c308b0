package cn.wenming.conversation;

import cn.wenming.ask.Intent;
import java.util.List;
import java.util.Optional;

/**
 * A flow that only ever stands as an offer made from outside the chat's requests (a rating request after
 * a report is handled, a question after a QR scan): it takes its exact replies while its state stands,
 * lapses on anything else, and is never asked for, opened or reminded of.
 */
public interface ChatOffer extends ChatFlow {

    @Override
    default List<Intent> intents() {
        return List.of();
    }

    @Override
    default boolean offer() {
        return true;
    }

    @Override
    default String serve(Intent intent, Turn turn) {
        throw new UnsupportedOperationException(name() + " is offered, never asked for");
    }

    @Override
    default String freeText(Turn turn) {
        throw new UnsupportedOperationException("An offer is never the open flow");
    }

    @Override
    default Optional<String> reminder(Turn turn) {
        return Optional.empty();
    }
}
