package cn.wenming.report;

import java.io.IOException;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The photo storage {@code wenming.report.photo-storage} names (README, "Photos: shared folder or S3-compatible storage"). */
@Configuration(proxyBeanMethods = false)
class PhotoStorageConfiguration {

    @Bean
    PhotoBlobs photoBlobs(ReportProperties properties) throws IOException {
        return switch (properties.photoStorage()) {
            case FOLDER -> new FolderPhotoBlobs(
                    Objects.requireNonNull(properties.photosDir(), "wenming.report.photos-dir is not set"));
            case S3 -> S3PhotoBlobs.connect(properties.s3());
        };
    }
}
