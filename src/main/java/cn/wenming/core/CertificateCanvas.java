package cn.wenming.core;

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
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate's page (quiz honours, volunteer hours): a cream sheet in the campaign's red double
 * frame with centred lines of Chinese text, drawn locally and returned as a PNG or a one-page PDF.
 */
public final class CertificateCanvas {

    private static final Logger log = LoggerFactory.getLogger(CertificateCanvas.class);
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 850;
    /** Fonts with Chinese glyphs, best first; Debian's fonts-wqy-microhei provides the first. */
    private static final List<String> CJK_FONTS = List.of("WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
            "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Droid Sans Fallback", "AR PL UMing CN");
    private static final String FAMILY = family();

    public static final Color RED = new Color(0xC8161D);
    public static final Color TEXT = new Color(0x222222);
    public static final Color GREY = new Color(0x666666);

    private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D g = image.createGraphics();

    /** A blank framed sheet. */
    public CertificateCanvas() {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xFFFBF0));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(RED);
        g.setStroke(new BasicStroke(14));
        g.drawRect(30, 30, WIDTH - 60, HEIGHT - 60);
        g.setStroke(new BasicStroke(3));
        g.drawRect(55, 55, WIDTH - 110, HEIGHT - 110);
    }

    /** The font family certificates are drawn with. */
    public static String fontFamily() {
        return FAMILY;
    }

    /** One line centred on the page, its baseline at {@code baseline} pixels from the top. */
    public CertificateCanvas line(String text, Color color, boolean bold, int size, int baseline) {
        g.setColor(color);
        g.setFont(new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, size));
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (WIDTH - metrics.stringWidth(text)) / 2, baseline);
        return this;
    }

    public byte[] png() {
        g.dispose();
        return PngImages.encode(image);
    }

    /** The same page as a one-page A4 (landscape) PDF, for printing or filing. */
    public byte[] pdf() {
        g.dispose();
        PDRectangle a4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(a4);
            document.addPage(page);
            PDImageXObject picture = LosslessFactory.createFromImage(document, image);
            float scale = Math.min(a4.getWidth() / WIDTH, a4.getHeight() / HEIGHT);
            float width = WIDTH * scale;
            float height = HEIGHT * scale;
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(picture, (a4.getWidth() - width) / 2, (a4.getHeight() - height) / 2, width, height);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String family() {
        List<String> installed = List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        String family = CJK_FONTS.stream().filter(installed::contains).findFirst().orElse(Font.SANS_SERIF);
        if (new Font(family, Font.PLAIN, 12).canDisplayUpTo("文明证书") != -1) {
            log.warn("No font with Chinese glyphs found (install fonts-wqy-microhei): certificates will show boxes");
        }
        return family;
    }
}
