package cn.wenming.report;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.springframework.stereotype.Component;

/**
 * Photos as residents send them, made safe to keep: the type is decided by the bytes, not the name;
 * the picture's size is read from its header and anything above the pixel limit is refused before a
 * single pixel is decoded; a large picture is decoded subsampled, so memory stays near what the
 * 2048 px result needs; the GPS position is read as a location hint and then every piece of metadata
 * is dropped by re-encoding the pixels (EXIF, GPS, maker notes, thumbnails); the picture is turned
 * upright and shrunk to at most 2048 px; the result is stored under its SHA-256, so the same photo is
 * stored once, in the folder or bucket {@link PhotoBlobs} stands for.
 *
 * <p>{@link #prepare} does all of that in memory and {@link #keep} writes the result: a caller that
 * may still refuse the report (the H5 form) validates in between, so refused reports leave no photos.
 */
@Component
public class PhotoStore {

    /** A photo ready to be attached to a report. */
    public record StoredPhoto(String sha256, String contentType, int width, int height, long size,
            Optional<GeoPoint> gpsHint) {

        /** A compact text form for drafts and sessions (the GPS hint is used at once and not kept). */
        String token() {
            return sha256 + "|" + contentType + "|" + width + "|" + height + "|" + size;
        }

        static StoredPhoto fromToken(String token) {
            String[] p = token.split("\\|");
            return new StoredPhoto(p[0], p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]), Long.parseLong(p[4]),
                    Optional.empty());
        }
    }

    /** A WGS-84 position. */
    public record GeoPoint(double latitude, double longitude) {
    }

    /** The bytes are not a JPEG, PNG or WebP picture we can read. */
    public static class UnsupportedPhotoException extends Exception {
        UnsupportedPhotoException(String message) {
            super(message);
        }
    }

    /** The picture's header declares more pixels than {@code wenming.report.max-photo-pixels}. */
    public static class PhotoTooLargeException extends UnsupportedPhotoException {
        PhotoTooLargeException(long width, long height) {
            super("picture too large: " + width + "x" + height);
        }
    }

    /** A photo checked and cleaned in memory, not yet written: {@link #keep} stores it. */
    public record PreparedPhoto(StoredPhoto photo, byte[] bytes) {
    }

    static final int MAX_SIDE = 2048;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final PhotoBlobs blobs;
    private final long maxPixels;

    PhotoStore(ReportProperties properties, PhotoBlobs blobs) {
        this.blobs = blobs;
        this.maxPixels = properties.maxPhotoPixels();
    }

    /** Checks, cleans and stores a photo at once (chat photos, staff photos, fetched WeChat media). */
    public StoredPhoto store(byte[] original) throws UnsupportedPhotoException {
        return keep(prepare(original));
    }

    /** Checks and cleans a photo in memory; nothing is written until {@link #keep}. */
    public PreparedPhoto prepare(byte[] original) throws UnsupportedPhotoException {
        String type = sniff(original);
        if (type == null) {
            throw new UnsupportedPhotoException("not a JPEG, PNG or WebP picture");
        }
        BufferedImage decoded = decode(original, maxPixels);
        Optional<Metadata> metadata = metadata(original);
        BufferedImage image = upright(decoded, metadata.map(PhotoStore::orientation).orElse(1));
        image = shrink(image);
        boolean alpha = image.getColorModel().hasAlpha();
        String contentType = alpha ? "image/png" : "image/jpeg";
        byte[] clean = alpha ? cn.wenming.core.PngImages.encode(image) : encodeJpeg(image);
        return new PreparedPhoto(new StoredPhoto(sha256(clean), contentType, image.getWidth(), image.getHeight(),
                clean.length, metadata.flatMap(PhotoStore::gps)), clean);
    }

    /**
     * Writes a prepared photo (once per content: the same picture is one photo). Returns only once it
     * is stored; a storage failure throws, so nothing is acknowledged for a photo that was not kept.
     */
    public StoredPhoto keep(PreparedPhoto prepared) {
        StoredPhoto photo = prepared.photo();
        try {
            blobs.putIfAbsent(photo.sha256(), photo.contentType(), prepared.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store photo " + photo.sha256(), e);
        }
        return photo;
    }

    /** Whether a photo with this content hash is stored (tests and checks). */
    boolean exists(String sha256) throws IOException {
        return SHA256.matcher(sha256).matches() && blobs.exists(sha256);
    }

    /** The stored bytes of a photo. */
    public byte[] read(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a photo hash");
        }
        return blobs.read(sha256);
    }

    /** The format named by the file's magic bytes, or null. */
    static String sniff(byte[] b) {
        if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        if (b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        return null;
    }

    /**
     * Decodes only after the header's width and height pass the pixel limit (a 249 KB PNG can declare
     * 8000×8000, which takes ~290 MB and seconds to decode). Above twice the kept size the picture is
     * read subsampled (every n-th pixel, n chosen so the long side stays at least 2048 px), which keeps
     * memory near the result's size; the bicubic shrink afterwards smooths it.
     */
    static BufferedImage decode(byte[] bytes, long maxPixels) throws UnsupportedPhotoException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new UnsupportedPhotoException("no reader");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                // Checked before decoding: a small file can declare a picture that would fill the heap.
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || width * height > maxPixels) {
                    throw new PhotoTooLargeException(width, height);
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, Math.max(width, height) / MAX_SIDE);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (PhotoTooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedPhotoException("unreadable picture: " + e.getMessage());
        }
    }

    private static Optional<Metadata> metadata(byte[] bytes) {
        try {
            return Optional.of(ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length));
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<GeoPoint> gps(Metadata metadata) {
        GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
        GeoLocation location = gps == null ? null : gps.getGeoLocation();
        // A malformed tag can make a zero denominator: NaN or infinite degrees are no hint at all.
        return location == null || location.isZero() || !Double.isFinite(location.getLatitude())
                || !Double.isFinite(location.getLongitude()) || Math.abs(location.getLatitude()) > 90
                || Math.abs(location.getLongitude()) > 180 ? Optional.empty()
                : Optional.of(new GeoPoint(location.getLatitude(), location.getLongitude()));
    }

    private static int orientation(Metadata metadata) {
        ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        try {
            return exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)
                    ? exif.getInt(ExifIFD0Directory.TAG_ORIENTATION) : 1;
        } catch (MetadataException e) {
            return 1;
        }
    }

    /** Phones store pictures sideways and say so in EXIF; once EXIF is gone the pixels must be upright. */
    private static BufferedImage upright(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform turn = switch (orientation) {
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);
            default -> null;
        };
        if (turn == null) {
            return image;
        }
        boolean sideways = orientation != 3;
        BufferedImage out = new BufferedImage(sideways ? h : w, sideways ? w : h, imageType(image));
        Graphics2D g = out.createGraphics();
        g.drawImage(image, turn, null);
        g.dispose();
        return out;
    }

    private static BufferedImage shrink(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        int nw = Math.max(1, (int) Math.round(w * scale));
        int nh = Math.max(1, (int) Math.round(h * scale));
        // Always redrawn, also at full size: the copy carries pixels only, in a plain RGB(A) layout.
        BufferedImage out = new BufferedImage(nw, nh, imageType(image));
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }

    private static int imageType(BufferedImage image) {
        return image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    }

    private static byte[] encodeJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
