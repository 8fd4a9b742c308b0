/**
 * Turning a resident's message into an intent and an answer: shared by the WeChat chat and the
 * {@code /api/ask} JSON API.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"knowledge", "core"})
package cn.wenming.ask;
