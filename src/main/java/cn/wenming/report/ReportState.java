package cn.wenming.report;

import java.util.EnumSet;
import java.util.Set;

/** Where a report stands: a stable code in the database, a Chinese label for people. */
public enum ReportState {
    SUBMITTED("待受理"),
    ACCEPTED("已受理"),
    REJECTED("不予受理"),
    DUPLICATE("重复件"),
    DISPATCHED("已派单"),
    /** A unit sent it back (退单) with a reason; the dispatcher routes it again. */
    RETURNED("已退单"),
    SIGNED("已签收"),
    IN_PROGRESS("处置中"),
    RESOLVED("已办结"),
    REVIEWED("已回访");

    /** States in which the problem is still being worked on (Open311 "open"). */
    public static final Set<ReportState> OPEN = EnumSet.of(SUBMITTED, ACCEPTED, DISPATCHED, RETURNED, SIGNED,
            IN_PROGRESS);

    private final String label;

    ReportState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
