package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.support.TestPhotos;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoStoreTest {

    @TempDir
    Path dir;

    private PhotoStore store() throws Exception {
        return new PhotoStore(new ReportProperties(null, null, "市创城办", dir, ReportProperties.PhotoStorage.FOLDER,
                null, 10, null, 100, null, 3, 52_000_000L, 6, 500, "k", List.of(), "test"), new FolderPhotoBlobs(dir));
    }

    /** Issue 13, item 8: an 8000×8000 PNG of a few KB once took ~2 s and ~290 MB to decode. */
    @Test
    void aHugePixelCountIsRefusedBeforeDecoding() throws Exception {
        PhotoStore store = store();
        byte[] bomb = TestPhotos.blankPng(8000, 8000, true);
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThatThrownBy(() -> store.store(bomb)).isInstanceOf(PhotoStore.PhotoTooLargeException.class);
        // Refused from the header alone: a file with no pixel data at all gets the same answer, where
        // a decoder that had started would have failed on the missing data instead.
        assertThatThrownBy(() -> store.store(TestPhotos.blankPng(8000, 8000, false)))
                .isInstanceOf(PhotoStore.PhotoTooLargeException.class);
        assertThatThrownBy(() -> store.prepare(TestPhotos.blankPng(1, 60_000_000, false)))
                .isInstanceOf(PhotoStore.PhotoTooLargeException.class);
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void aLargePhotoWithinTheLimitIsDecodedSubsampledAndKept() throws Exception {
        // 48 MP, as a phone's full-size picture: accepted, read at a fraction of its size, kept at 2048 px.
        PhotoStore.StoredPhoto stored = store().store(TestPhotos.blankPng(8000, 6000, true));

        assertThat(stored.width()).isEqualTo(2048);
        assertThat(stored.height()).isEqualTo(1536);
    }

    @Test
    void aPreparedPhotoIsWrittenOnlyWhenKept() throws Exception {
        PhotoStore store = store();
        PhotoStore.PreparedPhoto prepared = store.prepare(TestPhotos.jpeg(200, 100, Color.RED));
        assertThat(store.exists(prepared.photo().sha256())).isFalse();

        PhotoStore.StoredPhoto kept = store.keep(prepared);

        assertThat(store.exists(kept.sha256())).isTrue();
        assertThat(store.read(kept.sha256())).isEqualTo(prepared.bytes());
    }

    @Test
    void gpsIsReadAsAHintThenEveryPieceOfMetadataIsGone() throws Exception {
        byte[] original = TestPhotos.jpegWithExif(400, 300, 28.245, 112.951, 1);
        assertThat(TestPhotos.privateMetadata(original)).isNotEmpty();

        PhotoStore.StoredPhoto stored = store().store(original);

        assertThat(stored.gpsHint()).hasValueSatisfying(p -> {
            assertThat(p.latitude()).isCloseTo(28.245, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(p.longitude()).isCloseTo(112.951, org.assertj.core.data.Offset.offset(1e-4));
        });
        byte[] kept = store().read(stored.sha256());
        assertThat(TestPhotos.privateMetadata(kept)).isEmpty();
        assertThat(new String(kept, StandardCharsets.ISO_8859_1)).doesNotContain("WenmingTestPhone");
        assertThat(stored.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void sidewaysPhonePhotosAreTurnedUprightBeforeTheOrientationTagIsDropped() throws Exception {
        PhotoStore.StoredPhoto stored = store().store(TestPhotos.jpegWithExif(400, 200, 28.2, 112.9, 6));

        BufferedImage upright = TestPhotos.decode(store().read(stored.sha256()));
        assertThat(upright.getWidth()).isEqualTo(200);
        assertThat(upright.getHeight()).isEqualTo(400);
        // The blue mark was top-left as stored; turned 90° clockwise it is top-right.
        assertThat(new Color(upright.getRGB(190, 5)).getBlue()).isGreaterThan(200);
        assertThat(new Color(upright.getRGB(5, 395)).getBlue()).isLessThan(100);
    }

    @Test
    void bigPhotosAreShrunkToTheLimitKeepingTheirShape() throws Exception {
        PhotoStore.StoredPhoto stored = store().store(TestPhotos.jpeg(4096, 3072, Color.GREEN));

        assertThat(stored.width()).isEqualTo(2048);
        assertThat(stored.height()).isEqualTo(1536);
        BufferedImage kept = TestPhotos.decode(store().read(stored.sha256()));
        assertThat(kept.getWidth()).isEqualTo(2048);
    }

    @Test
    void theSamePictureIsStoredOnceUnderItsContentHash() throws Exception {
        byte[] photo = TestPhotos.jpegWithExif(300, 300, 28.2, 112.9, 1);
        PhotoStore store = store();

        PhotoStore.StoredPhoto first = store.store(photo);
        PhotoStore.StoredPhoto second = store.store(photo);

        assertThat(second.sha256()).isEqualTo(first.sha256());
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).hasSize(1);
        }
    }

    @Test
    void transparentPngStaysPng() throws Exception {
        PhotoStore.StoredPhoto stored = store().store(TestPhotos.pngWithTransparency(64, 64));

        assertThat(stored.contentType()).isEqualTo("image/png");
        assertThat(TestPhotos.decode(store().read(stored.sha256())).getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void webpFromAPhoneIsAcceptedAndKeptAsJpeg() throws Exception {
        // 120×80 orange with a blue top-left mark, made once with cwebp (src/test/resources/photos).
        byte[] webp = Files.readAllBytes(Path.of("src/test/resources/photos/sample.webp"));

        PhotoStore.StoredPhoto stored = store().store(webp);

        assertThat(stored.contentType()).isEqualTo("image/jpeg");
        BufferedImage kept = TestPhotos.decode(store().read(stored.sha256()));
        assertThat(kept.getWidth()).isEqualTo(120);
        assertThat(new Color(kept.getRGB(5, 5)).getBlue()).isGreaterThan(200);
        assertThat(new Color(kept.getRGB(100, 60)).getRed()).isGreaterThan(200);
    }

    @Test
    void typeIsDecidedByContentNotByName() throws Exception {
        PhotoStore store = store();
        assertThatThrownBy(() -> store.store("%PDF-1.4 not a photo".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PhotoStore.UnsupportedPhotoException.class);
        // JPEG magic followed by garbage: sniffing passes, decoding does not.
        byte[] fake = new byte[200];
        fake[0] = (byte) 0xFF;
        fake[1] = (byte) 0xD8;
        fake[2] = (byte) 0xFF;
        assertThatThrownBy(() -> store.store(fake)).isInstanceOf(PhotoStore.UnsupportedPhotoException.class);
        assertThatThrownBy(() -> store.read("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
