package cn.wenming.volunteer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How volunteering runs ({@code wenming.volunteer}).
 *
 * @param codePeriod     the check-in code on the leader's page changes this often; a code is accepted
 *                       during its own period and the next one, so never for longer than twice this
 * @param checkInRadius  metres between the phone's location and the place beyond which a check-in is
 *                       refused (only when the phone shares a location and the activity has coordinates)
 * @param checkInEarly   how long before a slot starts volunteers may check in
 * @param minimumService service shorter than this counts 0
 * @param roundTo        counted service is rounded to the nearest multiple of this (half up), at most the slot
 * @param nearby         how far "活动 near a shared location" reaches, in metres
 * @param remindBefore   a reminder goes out this long before a slot starts
 * @param organizer      the organising body printed on certificates when a team names none
 */
@ConfigurationProperties("wenming.volunteer")
record VolunteerProperties(
        @DefaultValue("30s") Duration codePeriod,
        @DefaultValue("500") int checkInRadius,
        @DefaultValue("30m") Duration checkInEarly,
        @DefaultValue("15m") Duration minimumService,
        @DefaultValue("30m") Duration roundTo,
        @DefaultValue("5000") int nearby,
        @DefaultValue("24h") Duration remindBefore,
        @DefaultValue("市文明办") String organizer) {
}
