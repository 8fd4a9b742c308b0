package cn.wenming.quiz;

import cn.wenming.core.OpenIdHasher;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(Certificates.class);
    /** Fonts with Chinese glyphs, best first; Debian's fonts-wqy-microhei provides the first. */
    private static final List<String> CJK_FONTS = List.of("WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
            "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Droid Sans Fallback", "AR PL UMing CN");

    private final JdbcClient jdbc;
    private final OpenIdHasher signer;
    private final QuizProperties properties;
    private final String publicBaseUrl;
    private final String family;
    private final QuizTexts texts;

    Certificates(JdbcClient jdbc, OpenIdHasher signer, QuizProperties properties,
            @Value("${wenming.public-base-url}") String publicBaseUrl, QuizTexts texts) {
        this.jdbc = jdbc;
        this.signer = signer;
        this.properties = properties;
        this.publicBaseUrl = publicBaseUrl;
        this.texts = texts;
        List<String> installed = List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        this.family = CJK_FONTS.stream().filter(installed::contains).findFirst().orElse(Font.SANS_SERIF);
        if (new Font(family, Font.PLAIN, 12).canDisplayUpTo("文明证书") != -1) {
            log.warn("No font with Chinese glyphs found (install fonts-wqy-microhei): certificates will show boxes");
        }
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
        int w = 1200;
        int h = 850;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xFFFBF0));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(0xC8161D));
        g.setStroke(new BasicStroke(14));
        g.drawRect(30, 30, w - 60, h - 60);
        g.setStroke(new BasicStroke(3));
        g.drawRect(55, 55, w - 110, h - 110);
        centred(g, texts.text("certificate-title"), new Font(family, Font.BOLD, 76), 200);
        g.setColor(new Color(0x222222));
        centred(g, name, new Font(family, Font.BOLD, 56), 340);
        centred(g, texts.text("certificate-campaign", "campaign", properties.campaignName()),
                new Font(family, Font.PLAIN, 34), 440);
        centred(g, texts.text("certificate-score", "score", score), new Font(family, Font.PLAIN, 34), 500);
        centred(g, texts.text("certificate-motto"), new Font(family, Font.PLAIN, 30), 600);
        g.setColor(new Color(0x666666));
        centred(g, texts.text("certificate-date", "year", day.getYear(), "month", day.getMonthValue(), "day",
                day.getDayOfMonth()), new Font(family, Font.PLAIN, 28), 700);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The font family certificates are drawn with. */
    String family() {
        return family;
    }

    private static void centred(Graphics2D g, String text, Font font, int baseline) {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (1200 - metrics.stringWidth(text)) / 2, baseline);
    }

    private String signature(long roundId) {
        return signer.hash("certificate:" + roundId);
    }
}
