package cn.wenming.report;

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
 * @param photosDir        photo storage, by content hash; must be shared storage when several
 *                         instances run
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
}
