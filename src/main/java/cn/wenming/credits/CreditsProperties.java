package cn.wenming.credits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What earns 文明积分 (config/application.yml, {@code wenming.credits}).
 *
 * @param perVolunteerHour  points per hour of volunteer service, counted after the hours rule
 * @param perResolvedReport points when a resident's report reaches 已办结 (not when it is filed)
 * @param perQuizRound      points per finished scored quiz round
 * @param quizRoundsPerDay  quiz rounds a day that earn points; later ones earn none
 * @param perSurvey         points per completed survey
 */
@ConfigurationProperties("wenming.credits")
public record CreditsProperties(
        @DefaultValue("10") int perVolunteerHour,
        @DefaultValue("5") int perResolvedReport,
        @DefaultValue("2") int perQuizRound,
        @DefaultValue("3") int quizRoundsPerDay,
        @DefaultValue("3") int perSurvey) {
}
