package cn.wenming.conversation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the chat remembers about one resident on one account, read once per message: which flow is
 * open ({@code flow}) and each flow's own fields. Changes are recorded in order and written in one
 * round trip after the reply is decided ({@link ConversationStore#writeIn}).
 */
public final class Conversation {

    static final String ACTIVE = "flow";

    /** One write, in the order it was made. A null value deletes the field. */
    record Change(String field, String value) {
    }

    private final String appId;
    private final String openid;
    private final Map<String, String> fields;
    private final List<Change> changes = new ArrayList<>();
    private final boolean available;
    private final long now;

    Conversation(String appId, String openid, Map<String, String> stored, boolean available, long now) {
        this.appId = appId;
        this.openid = openid;
        this.available = available;
        this.now = now;
        this.fields = new HashMap<>(stored);
        dropExpiredSections();
    }

    public String appId() {
        return appId;
    }

    public String openid() {
        return openid;
    }

    /** False when Redis could not be read: nothing can be remembered for this message. */
    public boolean available() {
        return available;
    }

    /** The open flow's name (report, quiz, survey), if any. */
    public Optional<String> active() {
        return Optional.ofNullable(fields.get(ACTIVE));
    }

    /** Makes {@code flow} the open one: the next messages go to it first. */
    public void open(String flow) {
        set(ACTIVE, flow);
    }

    /** Closes {@code flow} if it is the open one; its fields stay unless it clears them. */
    public void close(String flow) {
        if (flow.equals(fields.get(ACTIVE))) {
            remove(ACTIVE);
        }
    }

    public FlowState state(String flow) {
        return new FlowState(this, flow);
    }

    /** Forgets the whole record (unsubscribe). */
    void clearAll() {
        new ArrayList<>(fields.keySet()).forEach(this::remove);
    }

    List<Change> changes() {
        return changes;
    }

    /** The latest section expiry, in epoch millis, or 0 when no section set one. */
    long latestExpiry() {
        return fields.entrySet().stream().filter(e -> e.getKey().endsWith("." + FlowState.UNTIL))
                .mapToLong(e -> parse(e.getValue())).max().orElse(0);
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    long now() {
        return now;
    }

    String field(String name) {
        return fields.get(name);
    }

    void set(String name, String value) {
        fields.put(name, value);
        changes.add(new Change(name, value));
    }

    void remove(String name) {
        if (fields.remove(name) != null) {
            changes.add(new Change(name, null));
        }
    }

    void removePrefix(String prefix) {
        new ArrayList<>(fields.keySet()).stream().filter(k -> k.startsWith(prefix)).forEach(this::remove);
    }

    Map<String, String> fieldsWithPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** A section past its expiry is gone, as if Redis had expired it on its own. */
    private void dropExpiredSections() {
        for (Map.Entry<String, String> e : new ArrayList<>(fields.entrySet())) {
            if (e.getKey().endsWith("." + FlowState.UNTIL) && parse(e.getValue()) < now) {
                String flow = e.getKey().substring(0, e.getKey().length() - FlowState.UNTIL.length() - 1);
                removePrefix(flow + ".");
                close(flow);
            }
        }
    }

    private static long parse(String millis) {
        try {
            return Long.parseLong(millis);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
