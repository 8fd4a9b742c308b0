package cn.wenming.report;

import java.io.IOException;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where photos live: the photo folder, shared storage when several instances run. */
@Configuration(proxyBeanMethods = false)
class PhotoStorageConfiguration {

    @Bean
    PhotoBlobs photoBlobs(ReportProperties properties) throws IOException {
        return new FolderPhotoBlobs(
                Objects.requireNonNull(properties.photosDir(), "wenming.report.photos-dir is not set"));
    }
}
