package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.wenming.support.Browser;
import cn.wenming.support.Browser.FilePart;
import cn.wenming.support.S3ProxyServer;
import cn.wenming.support.ServiceInstance;
import cn.wenming.support.TestPhotos;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.Color;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Issue 14: photos in S3-compatible storage, against an S3 server running on this machine (S3Proxy).
 * Two instances behind a load balancer, each with its own data folder, share one PostgreSQL and one
 * bucket: a photo uploaded on one is in the bucket without EXIF and is served by the other; the same
 * photo twice is one object. A bucket that cannot be used stops the start; an outage while running
 * fails the upload and acknowledges nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3PhotoStorageIntegrationTest {

    private static final String BUCKET = "wenming-photos";
    private static final String PREFIX = "city/photos/";
    private static final Pattern PHOTO_URL = Pattern.compile("/h5/photos/[0-9a-f-]{36}");

    private static S3ProxyServer server;
    /** The test's own view of the bucket. */
    private static S3Client bucket;
    private static EmbeddedPostgres postgres;
    private static ServiceInstance a;
    private static ServiceInstance b;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
        bucket = server.client();
        bucket.createBucket(r -> r.bucket(BUCKET));
        postgres = EmbeddedPostgres.builder().start();
        a = ServiceInstance.start(instance());
        b = ServiceInstance.start(instance());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {b, a, postgres, bucket, server}) {
            if (started != null) {
                started.close();
            }
        }
    }

    private static String[] instance() {
        List<String> properties = new ArrayList<>(s3Storage(BUCKET, server.endpoint()));
        properties.add("wenming.embedded.postgres.enabled=false");
        properties.add("spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"));
        properties.add("spring.datasource.username=postgres");
        // Not what this test is about, and two instances' embedding models would crowd the test JVM.
        properties.add("wenming.knowledge.semantic.enabled=false");
        return properties.toArray(String[]::new);
    }

    private static List<String> s3Storage(String bucketName, URI endpoint) {
        return List.of("wenming.report.photo-storage=s3", "wenming.report.s3.bucket=" + bucketName,
                "wenming.report.s3.prefix=" + PREFIX, "wenming.report.s3.endpoint=" + endpoint,
                "wenming.report.s3.region=" + S3ProxyServer.REGION, "wenming.report.s3.path-style=true",
                "wenming.report.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                "wenming.report.s3.secret-key=" + S3ProxyServer.SECRET_KEY);
    }

    private static String key(String sha256) {
        return PREFIX + sha256.substring(0, 2) + "/" + sha256;
    }

    private static int objects(String prefix) {
        return bucket.listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).keyCount();
    }

    private static HttpResponse<String> report(ServiceInstance instance, String openid, byte[] photo) {
        Browser browser = new Browser(instance.port());
        browser.devSignIn(openid);
        return browser.postMultipart("/h5/report",
                Map.of("category", "litter", "address", "新城大道", "formToken", "t-" + System.nanoTime()),
                new FilePart("photos", "IMG_0001.JPG", "image/jpeg", photo));
    }

    @Test
    void aPhotoUploadedOnOneInstanceIsInTheBucketWithoutExifAndServedByTheOther() {
        String openid = "o_s3_" + System.nanoTime();
        HttpResponse<String> posted = report(a, openid, TestPhotos.jpegWithExif(1200, 900, 28.2455, 112.9512, 1));
        assertThat(posted.statusCode()).isEqualTo(302);
        String sha = a.jdbc().sql("""
                SELECT p.sha256 FROM report_photo p JOIN report r ON r.id = p.report_id
                WHERE r.reporter_openid = ? AND p.status = 'stored'""").param(openid).query(String.class).single();

        ResponseBytes<GetObjectResponse> object = bucket.getObjectAsBytes(r -> r.bucket(BUCKET).key(key(sha)));
        assertThat(object.response().contentType()).isEqualTo("image/jpeg");
        assertThat(PhotoStore.sha256(object.asByteArray())).isEqualTo(sha);
        assertThat(TestPhotos.privateMetadata(object.asByteArray())).isEmpty();
        assertThat(new String(object.asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("WenmingTestPhone");

        Browser onB = new Browser(b.port());
        onB.devSignIn(openid);
        String photoUrl = PHOTO_URL.matcher(onB.get("/h5/my-reports").body()).results().map(MatchResult::group)
                .findFirst().orElseThrow();
        HttpResponse<byte[]> served = onB.getBytes(photoUrl);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(served.body()).isEqualTo(object.asByteArray());
        // Neither instance wrote a photo to its own disk.
        assertThat(a.bean(ReportProperties.class).photosDir()).doesNotExist();
        assertThat(b.bean(ReportProperties.class).photosDir()).doesNotExist();
    }

    @Test
    void theSamePhotoSentTwiceThroughEitherInstanceIsOneObject() throws Exception {
        byte[] photo = TestPhotos.jpeg(300 + (int) (System.nanoTime() % 500), 200, Color.ORANGE);
        String sha = a.bean(PhotoStore.class).prepare(photo).photo().sha256();
        int before = objects(PREFIX);

        assertThat(report(a, "o_s3_twice_a_" + System.nanoTime(), photo).statusCode()).isEqualTo(302);
        assertThat(report(b, "o_s3_twice_b_" + System.nanoTime(), photo).statusCode()).isEqualTo(302);
        a.bean(PhotoStore.class).store(photo);

        assertThat(objects(key(sha))).isEqualTo(1);
        assertThat(objects(PREFIX)).isEqualTo(before + 1);
    }

    @Test
    void aBucketThatCannotBeUsedStopsTheStartSayingWhich() throws Exception {
        ApplicationContextRunner storage = new ApplicationContextRunner().withUserConfiguration(StorageOnly.class);
        URI nobodyListens = URI.create("http://127.0.0.1:" + S3ProxyServer.freePort());

        storage.withPropertyValues(s3Storage("no-such-bucket", server.endpoint()).toArray(String[]::new))
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "Photo storage s3://no-such-bucket/" + PREFIX + " at " + server.endpoint()
                                + " is not usable (wenming.report.s3.*): no such bucket"));
        storage.withPropertyValues(s3Storage(BUCKET, nobodyListens).toArray(String[]::new))
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "Photo storage s3://" + BUCKET + "/" + PREFIX + " at " + nobodyListens + " is not usable"));
        storage.withPropertyValues("wenming.report.photo-storage=s3")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("wenming.report.s3.bucket (WENMING_REPORT_S3_BUCKET) is not set"));
    }

    /** Last: the server stays down. */
    @Test
    @Order(Integer.MAX_VALUE)
    void duringAnOutageTheUploadFailsAndNothingIsAcknowledged() throws Exception {
        server.close();
        byte[] photo = TestPhotos.jpeg(300 + (int) (System.nanoTime() % 500), 240, Color.MAGENTA);
        String openid = "o_s3_outage_" + System.nanoTime();

        HttpResponse<String> refused = report(a, openid, photo);

        // The error page says to try again later; no ticket, no report that would lack its photo.
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).contains("系统有点忙");
        assertThat(a.jdbc().sql("SELECT count(*) FROM report WHERE reporter_openid = ?").param(openid)
                .query(Integer.class).single()).isZero();
        // The log names the storage that failed.
        assertThatThrownBy(() -> a.bean(PhotoStore.class).store(photo)).isInstanceOf(UncheckedIOException.class)
                .cause().hasMessageContaining("s3://" + BUCKET + "/" + PREFIX + " at " + server.endpoint());
    }

    @EnableConfigurationProperties(ReportProperties.class)
    @Import(PhotoStorageConfiguration.class)
    static class StorageOnly {
    }
}
