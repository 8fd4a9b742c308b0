package cn.wenming.inspection;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How 测评 runs in this deployment.
 *
 * @param pointsDir  {@code types.yml} (point types and their checklists) and {@code points.yml} (the points)
 * @param passScore  a point's weighted score (0–100) at or above which it counts as 达标 on the map
 * @param qrAccount  the official account whose permanent QR codes the point sheet prints; empty: the
 *                   first configured account
 */
@ConfigurationProperties("wenming.inspection")
public record InspectionProperties(@DefaultValue("config/points") Path pointsDir,
        @DefaultValue("85") BigDecimal passScore, @DefaultValue("") String qrAccount) {
}
