package cn.wenming.report;

import cn.wenming.console.StaffRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * What staff can do to a report: the Chinese label on the button, the states it starts from, and
 * who may do it. A HANDLER may act only on reports of their own unit (checked by the workflow).
 */
public enum ReportAction {
    ACCEPT("受理", EnumSet.of(ReportState.SUBMITTED), StaffRole.DISPATCHER),
    REJECT("不予受理", EnumSet.of(ReportState.SUBMITTED, ReportState.ACCEPTED), StaffRole.DISPATCHER),
    MARK_DUPLICATE("重复件", EnumSet.of(ReportState.SUBMITTED, ReportState.ACCEPTED), StaffRole.DISPATCHER),
    DISPATCH("派单", EnumSet.of(ReportState.ACCEPTED, ReportState.RETURNED), StaffRole.DISPATCHER),
    REDISPATCH("改派", EnumSet.of(ReportState.DISPATCHED, ReportState.SIGNED, ReportState.IN_PROGRESS),
            StaffRole.DISPATCHER),
    SIGN("签收", EnumSet.of(ReportState.DISPATCHED), StaffRole.HANDLER),
    RETURN("退单", EnumSet.of(ReportState.DISPATCHED, ReportState.SIGNED), StaffRole.HANDLER),
    START("开始处置", EnumSet.of(ReportState.SIGNED), StaffRole.HANDLER),
    RESOLVE("办结", EnumSet.of(ReportState.SIGNED, ReportState.IN_PROGRESS), StaffRole.HANDLER),
    /** After a resident's repeated 不满意: the dispatcher sends it back once more. */
    REOPEN("发回重办", EnumSet.of(ReportState.REVIEWED), StaffRole.DISPATCHER),
    /** After a resident's repeated 不满意: the dispatcher closes it as it stands. */
    CLOSE("结案", EnumSet.of(ReportState.REVIEWED), StaffRole.DISPATCHER);

    private final String label;
    private final Set<ReportState> from;
    private final StaffRole role;

    ReportAction(String label, Set<ReportState> from, StaffRole role) {
        this.label = label;
        this.from = from;
        this.role = role;
    }

    public String label() {
        return label;
    }

    public StaffRole role() {
        return role;
    }

    public boolean allowedFrom(ReportState state) {
        return from.contains(state);
    }
}
