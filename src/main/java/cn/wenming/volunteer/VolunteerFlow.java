package cn.wenming.volunteer;

import cn.wenming.ask.Intent;
import cn.wenming.conversation.ChatFlow;
import cn.wenming.conversation.Turn;
import cn.wenming.core.CommandTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * "志愿服务" in the chat: asks for a shared location, lists the nearest activities with open slots
 * (numbered), and signs the resident up by number. Registering happens once, on the H5 page the reply
 * links to (a name and a phone number are easier to type in a form than in a chat).
 */
@Component
class VolunteerFlow implements ChatFlow {

    static final String NAME = "volunteer";
    private static final String SLOTS = "slots";
    private static final Duration KEEP = Duration.ofMinutes(30);
    private static final int LISTED = 5;

    private final Activities activities;
    private final Volunteers volunteers;
    private final SignUps signUps;
    private final VolunteerProperties properties;
    private final VolunteerTexts texts;
    private final String publicBaseUrl;

    VolunteerFlow(Activities activities, Volunteers volunteers, SignUps signUps, VolunteerProperties properties,
            VolunteerTexts texts, @Value("${wenming.public-base-url}") String publicBaseUrl) {
        this.activities = activities;
        this.volunteers = volunteers;
        this.signUps = signUps;
        this.properties = properties;
        this.texts = texts;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Intent> intents() {
        return List.of(Intent.VOLUNTEER);
    }

    /** A registered volunteer sees their community's activities at once; anyone may share a location. */
    @Override
    public String serve(Intent intent, Turn turn) {
        turn.state(NAME).clear();
        turn.state(NAME).put("step", "location").keepFor(KEEP);
        turn.conversation().open(NAME);
        List<Activities.Slot> community = volunteers.of(turn.appId(), turn.openid())
                .map(v -> activities.inCommunity(v.communityCode(), Instant.now()).stream().limit(LISTED).toList())
                .orElse(List.of());
        return community.isEmpty() ? texts.text("chat-ask-location")
                : list(turn, community, texts.text("chat-community-head")) + "\n" + texts.text("chat-ask-location");
    }

    @Override
    public Optional<String> location(Turn turn, double latitude, double longitude, String label) {
        if (!turn.isOpen(NAME)) {
            return Optional.empty();
        }
        List<Activities.Slot> near = activities.near(latitude, longitude, properties.nearby(), Instant.now()).stream()
                .limit(LISTED).toList();
        if (near.isEmpty()) {
            end(turn);
            return Optional.of(texts.text("chat-none-near", "km", properties.nearby() / 1000));
        }
        return Optional.of(list(turn, near, texts.text("chat-list-head")));
    }

    /** The numbered list, remembered so that a number signs up for its slot. */
    private String list(Turn turn, List<Activities.Slot> slots, String head) {
        List<String> ids = new ArrayList<>();
        StringBuilder out = new StringBuilder(head);
        for (Activities.Slot slot : slots) {
            ids.add(String.valueOf(slot.id()));
            out.append('\n').append(texts.text("chat-list-line", "n", ids.size(), "title", slot.title(), "time",
                    VolunteerPageController.when(slot), "place", slot.place(), "seats", slot.full() ? "可候补"
                            : "余" + (slot.capacity() - slot.confirmed()) + "名额"));
        }
        if (volunteers.of(turn.appId(), turn.openid()).isEmpty()) {
            out.append('\n').append(texts.text("chat-list-tail", "url", registerUrl(turn)));
        }
        turn.state(NAME).put(SLOTS, String.join(",", ids)).keepFor(KEEP);
        return out.toString();
    }

    @Override
    public Optional<String> exactReply(Turn turn, boolean open) {
        if (turn.state(NAME).isEmpty()) {
            return Optional.empty();
        }
        if (turn.is("flow.cancel")) {
            end(turn);
            return Optional.of(texts.text("chat-cancelled"));
        }
        if (turn.is("flow.resume")) {
            turn.conversation().open(NAME);
            return Optional.of(freeText(turn));
        }
        String digits = CommandTable.compact(turn.text());
        Optional<String> listed = turn.state(NAME).get(SLOTS);
        if (!open || listed.isEmpty() || !digits.matches("[1-9]")) {
            return Optional.empty();
        }
        String[] ids = listed.get().split(",");
        int n = Integer.parseInt(digits);
        if (n > ids.length) {
            return Optional.of(texts.text("chat-pick-number"));
        }
        Optional<Volunteers.Volunteer> me = volunteers.of(turn.appId(), turn.openid());
        if (me.isEmpty()) {
            return Optional.of(texts.text("chat-register-first", "url", registerUrl(turn)));
        }
        try {
            SignUps.SignUp signUp = signUps.signUp(Long.parseLong(ids[n - 1]), me.get().id(), Instant.now());
            end(turn);
            Activities.Slot slot = signUp.slot();
            return Optional.of(signUp.status() == SignUps.Status.CONFIRMED
                    ? texts.text("confirmed", "title", slot.title(), "time", VolunteerPageController.when(slot),
                            "place", slot.place())
                    : texts.text("waiting", "position", signUp.waitingPosition()));
        } catch (VolunteerRefused refused) {
            return Optional.of(refused.getMessage());
        } catch (DataAccessException e) {
            return Optional.of(texts.text("unavailable"));
        }
    }

    @Override
    public String freeText(Turn turn) {
        return turn.state(NAME).has(SLOTS) ? texts.text("chat-pick-number") : texts.text("chat-ask-location");
    }

    @Override
    public Optional<String> reminder(Turn turn) {
        return turn.state(NAME).has(SLOTS) ? Optional.of(texts.text("chat-reminder")) : Optional.empty();
    }

    private String registerUrl(Turn turn) {
        return publicBaseUrl + "/h5/volunteer?account=" + turn.appId();
    }

    private void end(Turn turn) {
        turn.state(NAME).clear();
        turn.conversation().close(NAME);
    }
}
