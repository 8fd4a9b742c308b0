package cn.wenming.reach;

import cn.wenming.core.CityTime;
import java.time.OffsetDateTime;

/** A campaign push (群发) and where it stands: draft → previewed → sending → sent → finished. */
record Push(long id, String appId, String title, String kind, String content, String targetType, String targetCode,
        String state, String createdBy, OffsetDateTime createdAt, String previewedBy, String approvedBy,
        String clientMsgId, Long msgId, String sendError, String finishStatus, Integer totalCount,
        Integer filterCount, Integer sentCount, Integer errorCount) {

    static final String DRAFT = "draft";
    static final String PREVIEWED = "previewed";
    static final String SENDING = "sending";
    static final String SENT = "sent";
    static final String FINISHED = "finished";

    MassMessage message() {
        return new MassMessage(kind, content);
    }

    public String stateLabel() {
        return switch (state) {
            case DRAFT -> "草稿";
            case PREVIEWED -> "已预览，待审批";
            case SENDING -> sendError == null ? "发送中" : "发送未完成";
            case SENT -> "已发送";
            default -> "已送达";
        };
    }

    public String kindLabel() {
        return switch (kind) {
            case "image" -> "图片";
            case "mpnews" -> "图文";
            default -> "文字";
        };
    }

    public String created() {
        return CityTime.shortForm(createdAt);
    }
}
