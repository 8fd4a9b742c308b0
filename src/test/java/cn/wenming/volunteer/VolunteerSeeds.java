package cn.wenming.volunteer;

import cn.wenming.support.TestAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Teams, activities and volunteers for the volunteering tests, each with names of its own. */
final class VolunteerSeeds {

    static final String COMMUNITY = "MH-HB-HF";
    /** 荷风社区, where the seeded activities take place. */
    static final double LATITUDE = 28.2455;
    static final double LONGITUDE = 112.9312;
    private static final AtomicInteger SEQUENCE = new AtomicInteger((int) (System.nanoTime() % 100_000));

    private final Volunteers volunteers;
    private final Activities activities;

    VolunteerSeeds(Volunteers volunteers, Activities activities) {
        this.volunteers = volunteers;
        this.activities = activities;
    }

    static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "_" + System.nanoTime();
    }

    long volunteer(String openid) {
        return volunteers.register(TestAccounts.DEV_APPID, openid, new Volunteers.Registration("志愿者" + openid.hashCode() % 1000,
                "13812341234", COMMUNITY, "劝导", "周末"));
    }

    long team() {
        return volunteers.createTeam(unique("荷风社区小蜜蜂队"), "荷风社区居委会", COMMUNITY);
    }

    /** An activity in 荷风社区 with one slot of {@code capacity}, starting {@code in} from now. */
    long slot(int capacity, Duration in, Duration length) {
        return slotAt(LATITUDE, LONGITUDE, capacity, in, length);
    }

    /** The same at a place of its own (nearest to a location shared there, whatever other tests seeded). */
    long slotAt(double latitude, double longitude, int capacity, Duration in, Duration length) {
        Instant start = Instant.now().plus(in);
        long activity = activities.publish(new Activities.NewActivity(unique("文明劝导"), "文明劝导", team(), COMMUNITY,
                "荷风路口", null, latitude, longitude, "穿志愿者马甲", List.of(new Activities.NewSlot(start,
                        start.plus(length), capacity))), "organizer");
        return activities.slotsOf(activity).get(0).id();
    }
}
