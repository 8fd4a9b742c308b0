package cn.wenming.console;

/** What a staff account may do; the Chinese label is what the console shows. */
public enum StaffRole {
    /** Accounts, units and configuration; sees the audit log. */
    ADMIN("管理员"),
    /** 创城办: every report, accepting, dispatching, closing. */
    DISPATCHER("创城办调度"),
    /** One 责任单位: only its own reports. */
    HANDLER("责任单位"),
    /** The knowledge base. */
    EDITOR("知识编辑"),
    /** 测评督查: starts and walks inspection rounds over the 测评点位, reads their scores and ledgers. */
    INSPECTOR("测评督查员"),
    /** 志愿服务: approves volunteers, forms teams, publishes activities, corrects hours; the 积分超市's items. */
    ORGANIZER("志愿服务组织者"),
    /** A 积分超市 merchant: confirms residents' redemption codes, nothing else. */
    MERCHANT("积分超市商户");

    private final String label;

    StaffRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The Spring Security authority name. */
    public String authority() {
        return "ROLE_" + name();
    }
}
