/**
 * 问卷调查: versioned survey definitions (config/surveys/ plus console edits), answering on H5 and in
 * the chat with partial answers saved, one response per resident enforced by the database, quotas per
 * community, anonymous mode, and the four rates (知晓率, 支持率, 参与率, 满意率) with Wilson intervals.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ask", "console", "conversation", "core", "quiz", "report :: grid", "report :: figures", "resident"})
package cn.wenming.survey;
