package cn.wenming.conversation;

import cn.wenming.core.CommandTable;
import cn.wenming.core.TextNormalizer;

/** One message from a resident as the flows see it: who, what, and the conversation it belongs to. */
public final class Turn {

    private final Conversation conversation;
    private final String messageKey;
    private final String text;
    private final CommandTable commands;

    Turn(Conversation conversation, String messageKey, String text, CommandTable commands) {
        this.conversation = conversation;
        this.messageKey = messageKey;
        this.text = text;
        this.commands = commands;
    }

    public String appId() {
        return conversation.appId();
    }

    public String openid() {
        return conversation.openid();
    }

    /** Identifies the message across WeChat's redeliveries; sorts by arrival. */
    public String messageKey() {
        return messageKey;
    }

    /** What the resident typed, as typed; null for a menu click, a photo or a location. */
    public String text() {
        return text;
    }

    /** The text normalised (Simplified, lower case, no emoji or punctuation); empty without text. */
    public String normalized() {
        return TextNormalizer.normalize(text);
    }

    /** Whether the text is exactly one of a command's words (config/commands.yml). */
    public boolean is(String command) {
        return text != null && commands.is(command, text);
    }

    public Conversation conversation() {
        return conversation;
    }

    public FlowState state(String flow) {
        return conversation.state(flow);
    }

    /** Whether {@code flow} is the open one. */
    public boolean isOpen(String flow) {
        return conversation.active().filter(flow::equals).isPresent();
    }
}
