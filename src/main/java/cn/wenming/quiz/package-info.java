/**
 * 文明知识答题: the question bank (knowledge/quiz/ plus console edits), one engine for the chat and
 * H5 (rounds with a server-side timer, attempts, best scores), the 错题本, certificates, and
 * leaderboards for residents, communities and 单位.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ask", "console", "conversation", "core", "knowledge", "report :: grid", "resident"})
package cn.wenming.quiz;
