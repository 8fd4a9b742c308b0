package cn.wenming.support;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** Photos as phones make them (EXIF with GPS, camera make, orientation), and a way to read their metadata back. */
public final class TestPhotos {

    private TestPhotos() {
    }

    /** A JPEG of {@code width}×{@code height} (as stored, before orientation) tagged with GPS and a camera make. */
    public static byte[] jpegWithExif(int width, int height, double latitude, double longitude, int orientation) {
        try {
            byte[] plain = jpeg(width, height, Color.ORANGE);
            TiffOutputSet exif = new TiffOutputSet();
            exif.setGpsInDegrees(longitude, latitude);
            TiffOutputDirectory root = exif.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            root.add(TiffTagConstants.TIFF_TAG_MAKE, "WenmingTestPhone");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(plain, out, exif);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] jpeg(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        // A mark in the top-left corner shows which way up the picture is.
        g.fillRect(0, 0, Math.max(1, width / 4), Math.max(1, height / 8));
        g.dispose();
        return write(image, "jpeg");
    }

    public static byte[] pngWithTransparency(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0, 128, 0, 120));
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        return write(image, "png");
    }

    /**
     * A valid black-and-white PNG of {@code width}×{@code height}, all black: it compresses to a few
     * KB however many pixels it declares (8000×8000 is about 8 KB), as a decompression bomb does.
     * With {@code pixelData} false the file holds the header only, which no decoder could read.
     */
    public static byte[] blankPng(int width, int height, boolean pixelData) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
                    .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(out, "IHDR", ihdr.array());
            if (pixelData) {
                java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
                ByteArrayOutputStream idat = new ByteArrayOutputStream();
                try (var z = new java.util.zip.DeflaterOutputStream(idat, deflater)) {
                    byte[] row = new byte[1 + (width + 7) / 8];
                    for (int y = 0; y < height; y++) {
                        z.write(row);
                    }
                }
                chunk(out, "IDAT", idat.toByteArray());
            }
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(name);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(name);
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Names of every metadata directory in the file that carries camera or position data. */
    public static List<String> privateMetadata(byte[] file) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(file));
            List<String> found = new ArrayList<>();
            for (Directory directory : metadata.getDirectories()) {
                String name = directory.getName();
                if (name.startsWith("Exif") || name.startsWith("GPS") || name.startsWith("XMP") || name.startsWith("IPTC")
                        || name.contains("Makernote")) {
                    found.add(name);
                }
            }
            return found;
        } catch (Exception e) {
            throw new IllegalStateException("metadata unreadable", e);
        }
    }

    public static BufferedImage decode(byte[] file) {
        try {
            return ImageIO.read(new ByteArrayInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
