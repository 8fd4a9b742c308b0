package cn.wenming.report;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Photos as objects in an S3-compatible bucket, under {@code <prefix>/<first two hex digits>/<sha256>}: the
 * folder's layout, so a photo folder copied into the bucket as it is ({@code aws s3 sync}) is found as it
 * was. Each object carries its Content-Type; its MD5 goes along so the server refuses damaged bytes.
 */
class S3PhotoBlobs implements PhotoBlobs, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    /** The bucket and endpoint, for messages that must say which storage failed. */
    private final String where;

    private S3PhotoBlobs(S3Client s3, String bucket, String prefix, String where) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.where = where;
    }

    /**
     * A client for the configured bucket. Start-up fails when the bucket cannot be reached (missing, wrong
     * keys, endpoint down): an instance that cannot keep photos must not take residents' reports.
     */
    static S3PhotoBlobs connect(ReportProperties.S3Storage config) {
        if (blank(config.bucket())) {
            throw new IllegalStateException("wenming.report.photo-storage is s3 but wenming.report.s3.bucket"
                    + " (WENMING_REPORT_S3_BUCKET) is not set");
        }
        if (blank(config.accessKey()) != blank(config.secretKey())) {
            throw new IllegalStateException("Set both wenming.report.s3.access-key and secret-key (WENMING_REPORT_S3_ACCESSKEY,"
                    + " WENMING_REPORT_S3_SECRETKEY), or neither to use the AWS SDK's default credentials");
        }
        String prefix = blank(config.prefix()) ? "" : config.prefix().replaceAll("^/+|/+$", "") + "/";
        String where = "s3://" + config.bucket() + "/" + prefix
                + (config.endpoint() == null ? "" : " at " + config.endpoint());
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(config.timeout())
                        .socketTimeout(config.timeout()))
                .overrideConfiguration(o -> o.apiCallTimeout(config.timeout()))
                // Checksums only where S3 demands them: several S3-compatible servers refuse the SDK's newer
                // default (CRC32 in a chunked trailer); the Content-MD5 of each upload works everywhere.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(config.pathStyle());
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        if (!blank(config.region())) {
            builder.region(Region.of(config.region()));
        }
        if (!blank(config.accessKey())) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKey(), config.secretKey())));
        }
        S3Client s3 = null;
        try {
            s3 = builder.build();
            s3.headBucket(b -> b.bucket(config.bucket()));
            return new S3PhotoBlobs(s3, config.bucket(), prefix, where);
        } catch (SdkException e) {
            if (s3 != null) {
                s3.close();
            }
            throw new IllegalStateException("Photo storage " + where + " is not usable (wenming.report.s3.*): "
                    + reason(e), e);
        }
    }

    /** Why HeadBucket failed, in words: a HEAD answer has no body, so S3's own message is empty. */
    private static String reason(SdkException e) {
        return switch (status(e)) {
            case 404 -> "no such bucket";
            case 403 -> "access denied (the keys, or no s3:ListBucket on the bucket)";
            default -> e.getMessage();
        };
    }

    @Override
    public void putIfAbsent(String sha256, String contentType, byte[] bytes) throws IOException {
        // Looked up first: a photo sent again is not uploaded again (nor a new version made in a versioned bucket).
        if (exists(sha256)) {
            return;
        }
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(sha256)).contentType(contentType).contentMD5(md5(bytes)),
                    RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes), bytes.length,
                            contentType));
        } catch (SdkException e) {
            throw failure(sha256, e);
        }
    }

    @Override
    public boolean exists(String sha256) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key(sha256)));
            return true;
        } catch (SdkException e) {
            if (status(e) == 404) {
                return false;
            }
            throw failure(sha256, e);
        }
    }

    @Override
    public byte[] read(String sha256) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(sha256))).asByteArrayUnsafe();
        } catch (SdkException e) {
            if (status(e) == 404) {
                throw new NoSuchFileException(where + " " + key(sha256));
            }
            throw failure(sha256, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String sha256) {
        return prefix + sha256.substring(0, 2) + "/" + sha256;
    }

    private IOException failure(String sha256, SdkException e) {
        return new IOException("Photo " + sha256 + " in " + where + ": " + e.getMessage(), e);
    }

    /** The HTTP status S3 answered with; 0 when no answer came (unreachable, timed out). */
    private static int status(SdkException e) {
        return e instanceof S3Exception s3 ? s3.statusCode() : 0;
    }

    private static String md5(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
