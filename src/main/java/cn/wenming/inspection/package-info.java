/**
 * 测评点位 and 自我测评: the places the national assessment visits (point library with QR codes), their
 * checklists, inspection rounds walked on a phone, 不合格 items filed as reports to the point's 包保单位,
 * and the scores and three ledgers (点位、问题、整改) the campaign is judged on.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"console", "core", "report::grid",
        "report::findings", "resident"})
package cn.wenming.inspection;
