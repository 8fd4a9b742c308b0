/**
 * 文明积分 and the 积分超市: an append-only ledger in which every credit has a unique (source, source id),
 * so a contribution announced twice ({@link cn.wenming.core.ResidentContribution}: volunteer hours,
 * reports that reached 已办结, quiz rounds capped per day, completed surveys) is credited once; residents'
 * balances and history; items with stock and a price, redeemed for a one-time code that a merchant's
 * page confirms; totals by community for staff.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"console", "core", "report :: grid", "resident"})
package cn.wenming.credits;
