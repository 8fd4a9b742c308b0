package cn.wenming.core;

/**
 * A resident unfollowed an official account. Each feature handles it for the personal data it
 * holds (drafts, identity on reports, quiz names and bindings, survey answers, chat state).
 */
public record ResidentUnsubscribed(String appId, String openid) {
}
