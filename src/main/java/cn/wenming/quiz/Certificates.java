package cn.wenming.quiz;

import cn.wenming.core.CertificateCanvas;
import cn.wenming.core.OpenIdHasher;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Certificates for rounds scoring at least {@code certificate-score}: a PNG drawn on the server with
 * the resident's chosen name, the score, the date and the campaign name. Links carry a keyed
 * signature of the round, so a certificate opens without signing in but cannot be guessed.
 */
@Component
public class Certificates {

    private final JdbcClient jdbc;
    private final OpenIdHasher signer;
    private final QuizProperties properties;
    private final String publicBaseUrl;
    private final QuizTexts texts;

    Certificates(JdbcClient jdbc, OpenIdHasher signer, QuizProperties properties,
            @Value("${wenming.public-base-url}") String publicBaseUrl, QuizTexts texts) {
        this.jdbc = jdbc;
        this.signer = signer;
        this.properties = properties;
        this.publicBaseUrl = publicBaseUrl;
        this.texts = texts;
    }

    public String link(long roundId) {
        return publicBaseUrl + path(roundId);
    }

    /** The link without the host, for the H5 pages (which are on it already). */
    String path(long roundId) {
        return "/h5/quiz/certificate/" + roundId + ".png?sig=" + signature(roundId);
    }

    /** The PNG of a round that earned one, if the signature is right. */
    public Optional<byte[]> png(long roundId, String signature) {
        if (signature == null || !MessageDigest.isEqual(signature.getBytes(), signature(roundId).getBytes())) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT r.score, r.day, q.display_name AS name FROM quiz_round r
                LEFT JOIN quiz_resident q ON q.openid = r.openid
                WHERE r.id = :id AND r.mode <> 'PRACTICE' AND r.finished_at IS NOT NULL AND r.score >= :min""")
                .param("id", roundId).param("min", properties.certificateScore()).query().listOfRows().stream()
                .findFirst().map(row -> draw(row.get("name") == null ? texts.text("board-anonymous")
                        : (String) row.get("name"), ((Number) row.get("score")).intValue(),
                        ((java.sql.Date) row.get("day")).toLocalDate()));
    }

    byte[] draw(String name, int score, LocalDate day) {
        return new CertificateCanvas()
                .line(texts.text("certificate-title"), CertificateCanvas.RED, true, 76, 200)
                .line(name, CertificateCanvas.TEXT, true, 56, 340)
                .line(texts.text("certificate-campaign", "campaign", properties.campaignName()), CertificateCanvas.TEXT,
                        false, 34, 440)
                .line(texts.text("certificate-score", "score", score), CertificateCanvas.TEXT, false, 34, 500)
                .line(texts.text("certificate-motto"), CertificateCanvas.TEXT, false, 30, 600)
                .line(texts.text("certificate-date", "year", day.getYear(), "month", day.getMonthValue(), "day",
                        day.getDayOfMonth()), CertificateCanvas.GREY, false, 28, 700)
                .png();
    }

    /** The font family certificates are drawn with. */
    String family() {
        return CertificateCanvas.fontFamily();
    }

    private String signature(long roundId) {
        return signer.hash("certificate:" + roundId);
    }
}
