package cn.wenming.volunteer;

import cn.wenming.core.CertificateCanvas;
import cn.wenming.core.CityTime;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Certificates of volunteer hours. Each organising body certifies the service done in its own
 * activities (the national rules have hours certified by the body that organised them), so a volunteer
 * gets one certificate per body, in its name.
 */
@Component
class VolunteerCertificates {

    /** The hours a volunteer served under one organising body. */
    record Served(long teamId, String organizer, int minutes, int times, OffsetDateTime first, OffsetDateTime last) {

        public String hours() {
            return CheckIns.hours(minutes);
        }
    }

    private final JdbcClient jdbc;
    private final VolunteerTexts texts;

    VolunteerCertificates(JdbcClient jdbc, VolunteerTexts texts) {
        this.jdbc = jdbc;
        this.texts = texts;
    }

    List<Served> served(long volunteerId) {
        return jdbc.sql("""
                SELECT t.id, t.organizer, sum(u.minutes), count(*), min(s.starts_at), max(s.starts_at)
                FROM volunteer_signup u JOIN volunteer_slot s ON s.id = u.slot_id
                JOIN volunteer_activity a ON a.id = s.activity_id JOIN volunteer_team t ON t.id = a.team_id
                WHERE u.volunteer_id = :v AND u.status = 'CONFIRMED' AND u.minutes > 0
                GROUP BY t.id, t.organizer ORDER BY t.organizer""").param("v", volunteerId)
                .query((rs, n) -> new Served(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class))).list();
    }

    /** The certificate for the service done under one team's organising body; empty when there is none. */
    Optional<CertificateCanvas> certificate(long volunteerId, String name, long teamId, LocalDate issued) {
        return served(volunteerId).stream().filter(s -> s.teamId() == teamId).findFirst()
                .map(s -> new CertificateCanvas()
                        .line(texts.text("certificate-title"), CertificateCanvas.RED, true, 72, 190)
                        .line(name, CertificateCanvas.TEXT, true, 54, 320)
                        .line(texts.text("certificate-service", "from", day(s.first()), "to", day(s.last()),
                                "organizer", s.organizer(), "times", s.times()), CertificateCanvas.TEXT, false, 32, 420)
                        .line(texts.text("certificate-hours", "hours", s.hours()), CertificateCanvas.TEXT, true, 40, 500)
                        .line(texts.text("certificate-certify"), CertificateCanvas.TEXT, false, 30, 580)
                        .line(s.organizer(), CertificateCanvas.TEXT, false, 32, 680)
                        .line(texts.text("certificate-date", "date", issued.toString()), CertificateCanvas.GREY, false,
                                28, 730));
    }

    private static String day(OffsetDateTime time) {
        return time.atZoneSameInstant(CityTime.ZONE).toLocalDate().toString();
    }
}
