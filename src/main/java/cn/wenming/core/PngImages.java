package cn.wenming.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** PNG encoding of images drawn in memory (QR codes, certificates, cleaned photos). */
public final class PngImages {

    private PngImages() {
    }

    public static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            // Writing to memory fails only if no PNG writer is installed: a broken JVM, not bad input.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
