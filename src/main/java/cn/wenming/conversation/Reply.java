package cn.wenming.conversation;

/**
 * What the chat answers a message with: a text, or (toHuman) a hand-over to the account's human
 * agents. {@code intent} names what was served, for the message log.
 */
public record Reply(String text, boolean toHuman, String intent) {

    static Reply text(String text, String intent) {
        return new Reply(text, false, intent);
    }

    static Reply human() {
        return new Reply(null, true, "human");
    }
}
