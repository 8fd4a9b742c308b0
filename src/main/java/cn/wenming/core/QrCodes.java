package cn.wenming.core;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * QR codes as PNG images, drawn here so printed sheets and phone screens need no outside service.
 * Error correction M: a printed code still scans with a smudge or a crease.
 */
public final class QrCodes {

    /** Longest content accepted: a QR code of a URL this long is still readable at 3 cm. */
    public static final int MAX_CONTENT = 500;

    private QrCodes() {
    }

    /** A black-on-white PNG about {@code size} pixels wide, with the quiet zone scanners need. */
    public static byte[] png(String content, int size) {
        if (content == null || content.isEmpty() || content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("QR content must be 1.." + MAX_CONTENT + " characters");
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(), EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode this content as a QR code", e);
        }
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
            }
        }
        return PngImages.encode(image);
    }
}
