/**
 * Turning a resident's message into an intent and an answer: shared by the WeChat chat and the
 * {@code /api/ask} JSON API.
 */
package cn.wenming.ask;
