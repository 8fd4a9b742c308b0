package cn.wenming.conversation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One flow's part of a conversation record: its fields, stored as {@code <flow>.<field>} in the
 * resident's hash. Changes are collected and written with the rest of the message's writes.
 */
public final class FlowState {

    static final String UNTIL = "~until";

    private final Conversation conversation;
    private final String prefix;

    FlowState(Conversation conversation, String flow) {
        this.conversation = conversation;
        this.prefix = flow + ".";
    }

    public Optional<String> get(String field) {
        return Optional.ofNullable(conversation.field(prefix + field));
    }

    public boolean has(String field) {
        return conversation.field(prefix + field) != null;
    }

    public FlowState put(String field, String value) {
        conversation.set(prefix + field, value);
        return this;
    }

    public FlowState putAll(Map<String, String> values) {
        values.forEach(this::put);
        return this;
    }

    public void remove(String field) {
        conversation.remove(prefix + field);
    }

    /** Forgets everything this flow holds for the resident. */
    public void clear() {
        conversation.removePrefix(prefix);
    }

    /** The flow's fields (without the prefix and the expiry mark), in no particular order. */
    public Map<String, String> fields() {
        Map<String, String> out = new LinkedHashMap<>();
        conversation.fieldsWithPrefix(prefix).forEach((k, v) -> {
            if (!k.equals(UNTIL)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public boolean isEmpty() {
        return fields().isEmpty();
    }

    /** This flow's state is dropped {@code ttl} from now unless touched again (a draft: 30 min). */
    public FlowState keepFor(Duration ttl) {
        conversation.set(prefix + UNTIL, String.valueOf(conversation.now() + ttl.toMillis()));
        return this;
    }
}
