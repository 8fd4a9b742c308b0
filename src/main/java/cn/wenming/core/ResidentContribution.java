package cn.wenming.core;

import java.time.Instant;

/**
 * Something a resident did that the campaign rewards with 文明积分: volunteer hours, a report that
 * reached 已办结, a finished quiz round, a completed survey. The feature where it happened publishes it
 * (in the transaction that records it, when there is one); the credits ledger listens. An event may
 * arrive more than once (a redelivered message, a repeated 办结 after 重办): listeners credit each
 * {@code (source, sourceId)} once.
 *
 * @param quantity      minutes for volunteer hours, 1 for everything else
 * @param communityCode the resident's own community when the feature knows it (a volunteer's), else null
 */
public record ResidentContribution(Source source, String sourceId, String appId, String openid, int quantity,
        String communityCode, Instant at) {

    /** Where a contribution comes from; its lower-case name is the ledger's {@code source}. */
    public enum Source {
        VOLUNTEER, REPORT, QUIZ, SURVEY
    }

    /** A contribution counted once (a report, a round, a survey). */
    public static ResidentContribution once(Source source, String sourceId, String appId, String openid, Instant at) {
        return new ResidentContribution(source, sourceId, appId, openid, 1, null, at);
    }
}
