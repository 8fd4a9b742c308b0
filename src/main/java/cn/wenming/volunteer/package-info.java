/**
 * 志愿服务: residents register as volunteers and join teams (a community's 小蜜蜂队, a unit's team); an
 * ORGANIZER publishes activities with time slots; residents sign up in the chat ("志愿服务") or on H5,
 * with a waiting list that moves up by itself and a seat counter the database keeps from over-booking;
 * reminders before a slot; check-in and check-out by a rotating signed code at the place; hours by a
 * configured rule, corrections audited; certificates of hours; exports for the national system's
 * import. Hours are announced as {@link cn.wenming.core.ResidentContribution}s for 文明积分.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ask", "console", "conversation", "core",
        "report :: grid", "report :: phones", "report :: wechat", "resident"})
package cn.wenming.volunteer;
