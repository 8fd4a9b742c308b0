package cn.wenming.report;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How 随手拍 runs in this deployment.
 *
 * @param categoriesFile   the category list (codes, keywords, routing group, deadline, photo rule)
 * @param gridsDir         GeoJSON grid files: districts, streets and communities with their units
 * @param cityQueue        the unit that gets reports no grid claims (the city 创城办)
 * @param photosDir        the photo folder, by content hash, with {@code photo-storage: folder}; must be
 *                         shared storage (NFS…) when several instances run
 * @param photoStorage     where the cleaned photos' bytes live: {@code folder} or {@code s3}
 * @param s3               the bucket, with {@code photo-storage: s3}
 * @param dailyLimit       reports one resident may submit in 24 hours
 * @param draftTtl         how long an unfinished chat report is kept since its last message
 * @param duplicateRadius  metres within which an open report of the same category counts as the same problem
 * @param duplicateWindow  how recent that report must be
 * @param maxPhotos        photos per report
 * @param maxPhotoPixels   the most pixels (width × height, read from the file's header before
 *                         decoding) a photo may have; 52 MP takes a 50-megapixel phone's full-size
 *                         8160×6144 picture and refuses an 8000×8000 one
 * @param draftMaxParts    separate pieces of description a chat draft keeps (one per message)
 * @param draftMaxChars    characters of description a chat draft keeps in all
 * @param phoneKey         AES key (any length, hashed to 256 bits) that encrypts residents' phone numbers
 * @param open311ApiKeys   keys that may POST service requests through Open311
 * @param jurisdictionId   the Open311 jurisdiction this endpoint serves
 */
@ConfigurationProperties("wenming.report")
public record ReportProperties(
        @DefaultValue("config/report-categories.yml") Path categoriesFile,
        @DefaultValue("config/grids") Path gridsDir,
        @DefaultValue("市创城办") String cityQueue,
        Path photosDir,
        @DefaultValue("folder") PhotoStorage photoStorage,
        @DefaultValue S3Storage s3,
        @DefaultValue("10") int dailyLimit,
        @DefaultValue("30m") Duration draftTtl,
        @DefaultValue("100") double duplicateRadius,
        @DefaultValue("7d") Duration duplicateWindow,
        @DefaultValue("3") int maxPhotos,
        @DefaultValue("52000000") long maxPhotoPixels,
        @DefaultValue("6") int draftMaxParts,
        @DefaultValue("500") int draftMaxChars,
        String phoneKey,
        List<String> open311ApiKeys,
        @DefaultValue("wenming.local") String jurisdictionId) {

    /** Where photos live; every instance behind the load balancer must see the same ones. */
    public enum PhotoStorage {
        FOLDER, S3
    }

    /**
     * An S3-compatible bucket. Nothing here has a default that works in production: the bucket must be
     * named, and without keys the AWS SDK's default chain supplies them (environment, profile, instance role).
     *
     * @param bucket    the bucket; it must exist (checked at start-up)
     * @param prefix    put before every key, e.g. {@code wenming/photos}; empty for the bucket's root
     * @param endpoint  the server of an S3-compatible service (MinIO, OSS, COS…); empty for AWS itself
     * @param region    the signing region; empty for the SDK's default chain ({@code AWS_REGION}, profile)
     * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (MinIO, most
     *                  self-hosted servers)
     * @param accessKey with {@code secretKey}: fixed keys; both empty: the SDK's default chain
     * @param secretKey see {@code accessKey}
     * @param timeout   the most one call may take, retries included: a resident waits on a photo upload
     */
    public record S3Storage(String bucket, @DefaultValue("") String prefix, URI endpoint, String region,
            boolean pathStyle, String accessKey, String secretKey, @DefaultValue("10s") Duration timeout) {
    }
}
