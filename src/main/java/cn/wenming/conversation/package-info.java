/**
 * The chat's conversation manager: one record per resident and account in Redis (the open flow and
 * each flow's state), read once and written once per message; the {@link cn.wenming.conversation.ChatFlow}
 * interface that 随手拍, the quiz, surveys, ratings and knowledge answers implement; and the rules
 * that keep residents from being trapped in a flow. The WeChat gateway hands it every message and
 * knows no feature.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ask", "core"})
package cn.wenming.conversation;
