/**
 * Turning a resident's message into an intent and an answer, shared by the WeChat chat (through the
 * conversation manager) and the {@code /api/ask} JSON API: exact commands and ticket numbers first, then
 * a classifier trained on the labelled examples in {@code knowledge/intents/}, then the knowledge base.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"knowledge", "core"})
package cn.wenming.ask;
