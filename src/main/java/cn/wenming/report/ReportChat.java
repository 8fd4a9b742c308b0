package cn.wenming.report;

import cn.wenming.core.CityTime;
import cn.wenming.core.TextNormalizer;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * 随手拍 in the chat: a guided conversation that collects category, photos, place and description
 * in any order, one short prompt at a time, and submits on "提交". Also answers "进度" and
 * "查询 WM…", and takes the 1/2/3 rating of a handled report. The wechat handlers call it; it never
 * sees WeChat's XML.
 */
@Service
public class ReportChat {

    /** Who is writing, on which official account. */
    public record Resident(String appId, String openid) {
    }

    static final Pattern TICKET = Pattern.compile("WM\\d{10,}", Pattern.CASE_INSENSITIVE);
    private static final Set<String> SUBMIT = Set.of("提交", "好了", "好", "完成", "确认", "确认提交", "发送", "就这些", "可以了");
    private static final Set<String> CANCEL = Set.of("取消", "取消举报", "不报了", "算了", "退出", "不举报了");
    private static final Set<String> SKIP = Set.of("跳过", "没有", "没有照片", "无", "不拍");
    private static final Set<String> FOLLOW = Set.of("1", "关注", "关注该问题");
    private static final Set<String> FILE_ANYWAY = Set.of("2", "仍要提交", "继续提交", "单独提交");
    /** Words that only start the flow and describe nothing. */
    private static final Set<String> STARTERS = Set.of("随手拍", "我要举报", "举报", "我要投诉", "我要反映", "我要曝光");
    private static final int STATUS_LIST = 5;

    private final DraftStore drafts;
    private final ReportService reports;
    private final ReportCategories categories;
    private final PhotoStore photos;
    private final WeChatMedia media;
    private final ReportProperties properties;
    private final ReportLinks links;
    private final RatingPrompts ratingPrompts;
    private final ReportWorkflow workflow;

    ReportChat(DraftStore drafts, ReportService reports, ReportCategories categories, PhotoStore photos,
            WeChatMedia media, ReportProperties properties, ReportLinks links, RatingPrompts ratingPrompts,
            ReportWorkflow workflow) {
        this.ratingPrompts = ratingPrompts;
        this.workflow = workflow;
        this.drafts = drafts;
        this.reports = reports;
        this.categories = categories;
        this.photos = photos;
        this.media = media;
        this.properties = properties;
        this.links = links;
    }

    /** The resident asked to report ("随手拍", a menu click, "路灯坏了"); {@code text} may be null. */
    public String start(Resident who, String messageKey, String text) {
        boolean resumed = drafts.find(who.appId(), who.openid()).isPresent();
        Map<String, String> fields = new HashMap<>();
        String normalized = text == null ? "" : TextNormalizer.normalize(text);
        if (!normalized.isEmpty() && !STARTERS.contains(normalized)) {
            categories.guess(normalized).ifPresent(c -> fields.put("category", c.code()));
            fields.put(textField(messageKey), text.strip());
        }
        drafts.put(who.appId(), who.openid(), fields);
        String lead = resumed ? "您有一条举报正在填写，接着来。" : "好的，我来帮您记录。";
        return lead + "\n" + next(who);
    }

    /**
     * A typed message: handled here when it asks about a ticket or continues an open draft;
     * empty when the resident is not reporting (then it is a question for the knowledge base).
     */
    public Optional<String> onText(Resident who, String messageKey, String text) {
        String t = TextNormalizer.normalize(text);
        Matcher ticket = TICKET.matcher(t);
        if (ticket.find()) {
            return Optional.of(ticketStatus(who, ticket.group().toUpperCase()));
        }
        Optional<ReportDraft> found = drafts.find(who.appId(), who.openid());
        Optional<String> toRate = found.isEmpty() ? ratingPrompts.pending(who.appId(), who.openid()) : Optional.empty();
        if (toRate.isPresent()) {
            Optional<Rating> rating = Rating.fromReply(t);
            if (rating.isPresent()) {
                try {
                    return Optional.of(workflow.rate(toRate.get(), who.openid(), rating.get()));
                } catch (WorkflowException e) {
                    ratingPrompts.withdraw(who.appId(), who.openid());
                    return Optional.of(e.getMessage());
                }
            }
            ratingPrompts.withdraw(who.appId(), who.openid());
        }
        if (found.isEmpty()) {
            // A "提交" redelivered after its report was stored (its first reply was lost): same ticket again.
            return SUBMIT.contains(t) ? reports.earlierSubmission(submissionKey(who, messageKey)).map(ReportChat::created)
                    : Optional.empty();
        }
        ReportDraft draft = found.get();
        if (CANCEL.contains(t)) {
            drafts.delete(who.appId(), who.openid());
            return Optional.of("已取消本次举报。发现问题随时再拍。");
        }
        if (draft.awaiting().equals("nearby")) {
            if (FOLLOW.contains(t)) {
                return Optional.of(follow(who, draft));
            }
            if (FILE_ANYWAY.contains(t)) {
                drafts.put(who.appId(), who.openid(), Map.of("fileAnyway", "1"));
                return Optional.of(submit(who, messageKey));
            }
        }
        if (SUBMIT.contains(t)) {
            return Optional.of(submit(who, messageKey));
        }
        Map<String, String> fields = new HashMap<>();
        switch (draft.awaiting()) {
            case "category" -> {
                Optional<ReportCategory> chosen = chooseCategory(t);
                if (chosen.isEmpty()) {
                    return Optional.of("没找到这个类别，请回复列表里的编号。\n" + categoryList());
                }
                fields.put("category", chosen.get().code());
            }
            case "photo" -> {
                if (SKIP.contains(t)) {
                    fields.put("photoSkipped", "1");
                } else {
                    addDescription(draft, fields, messageKey, text);
                }
            }
            case "place" -> fields.put("address", text.strip());
            default -> addDescription(draft, fields, messageKey, text);
        }
        drafts.put(who.appId(), who.openid(), fields);
        return Optional.of(next(who));
    }

    /** A photo message: stored now (WeChat keeps it only 3 days), or fetched later if WeChat is slow. */
    public String photo(Resident who, String mediaId) {
        Optional<ReportDraft> draft = drafts.find(who.appId(), who.openid());
        boolean starting = draft.isEmpty();
        if (!starting && draft.get().photoCount() >= properties.maxPhotos()) {
            return "最多" + properties.maxPhotos() + "张照片，已经够了。" + "\n" + next(who);
        }
        Map<String, String> fields = new HashMap<>();
        try {
            PhotoStore.StoredPhoto stored = photos.store(media.download(who.appId(), mediaId));
            fields.put("photo:" + stored.sha256(), stored.token());
            stored.gpsHint().filter(p -> draft.map(d -> !d.hasPlace()).orElse(true)).ifPresent(p -> {
                fields.put("lat", String.valueOf(p.latitude()));
                fields.put("lng", String.valueOf(p.longitude()));
            });
        } catch (PhotoStore.UnsupportedPhotoException e) {
            return "这张图片打不开，请换一张照片再发。";
        } catch (Exception e) {
            // Kept by its media id; DeliveryJobs fetches it once the report is submitted.
            fields.put("media:" + mediaId, "1");
        }
        drafts.put(who.appId(), who.openid(), fields);
        return (starting ? "收到照片，我来帮您举报。" : "收到照片。") + "\n" + next(who);
    }

    /** A location message; {@code label} is WeChat's place name for it. */
    public String location(Resident who, double latitude, double longitude, String label) {
        boolean starting = drafts.find(who.appId(), who.openid()).isEmpty();
        Map<String, String> fields = new HashMap<>();
        fields.put("lat", String.valueOf(latitude));
        fields.put("lng", String.valueOf(longitude));
        if (label != null && !label.isBlank()) {
            fields.put("address", label.strip());
        }
        drafts.put(who.appId(), who.openid(), fields);
        return (starting ? "收到位置，我来帮您举报。" : "收到位置。") + "\n" + next(who);
    }

    /** "进度": the resident's recent reports, or one report when the text names a ticket. */
    public String status(Resident who, String text) {
        Matcher ticket = TICKET.matcher(text == null ? "" : TextNormalizer.normalize(text));
        if (ticket.find()) {
            return ticketStatus(who, ticket.group().toUpperCase());
        }
        List<ReportView> recent = reports.reportsOf(who.openid(), STATUS_LIST);
        if (recent.isEmpty()) {
            return "您还没有提交过随手拍。发送照片或回复“随手拍”即可举报。";
        }
        StringBuilder out = new StringBuilder("您最近的举报：");
        for (ReportView r : recent) {
            out.append('\n').append(r.ticketNo()).append(' ').append(r.categoryName()).append(" · ")
                    .append(r.state().label()).append("（").append(when(r.updatedAt())).append("）");
        }
        return out.append("\n回复“查询+编号”看详情，全部记录：").append(myReportsUrl(who)).toString();
    }

    /** The resident unsubscribed: the draft goes, the reports stay without their identity. */
    public void forget(Resident who) {
        drafts.delete(who.appId(), who.openid());
        reports.forget(who.openid());
    }

    private String ticketStatus(Resident who, String ticketNo) {
        Optional<ReportView> found = reports.reportOf(who.openid(), ticketNo);
        if (found.isEmpty()) {
            return "没有找到您的举报" + ticketNo + "，请核对编号，或回复“进度”查看您的举报。";
        }
        ReportView r = found.get();
        StringBuilder out = new StringBuilder(r.ticketNo()).append(' ').append(r.categoryName())
                .append("\n状态：").append(r.state().label())
                .append("\n承办：").append(r.unitName());
        if (!r.history().isEmpty()) {
            ReportView.Step last = r.history().get(r.history().size() - 1);
            out.append("\n最新：").append(when(last.at())).append(' ').append(last.state().label());
        }
        return out.append("\n详情：").append(myReportsUrl(who)).toString();
    }

    private String submit(Resident who, String messageKey) {
        ReportDraft draft = drafts.find(who.appId(), who.openid()).orElse(null);
        if (draft == null) {
            return "这条举报已经提交或已过期。回复“进度”查看您的举报。";
        }
        String description = draft.description();
        NewReport report = new NewReport("wechat", who.appId(), who.openid(), draft.category(), draft.latitude(),
                draft.longitude(), draft.address(), description, null, false, draft.photos(who.appId()),
                submissionKey(who, messageKey), !draft.fileAnyway());
        SubmitOutcome outcome = reports.submit(report);
        if (outcome instanceof SubmitOutcome.Created created) {
            drafts.delete(who.appId(), who.openid());
            return created(created);
        }
        if (outcome instanceof SubmitOutcome.NearbyOpen nearby) {
            drafts.put(who.appId(), who.openid(), Map.of("awaiting", "nearby", "nearby", nearby.ticketNo()));
            return "已有人反映，是否关注该问题？附近约" + nearby.metres() + "米有同类问题正在处理（" + nearby.ticketNo()
                    + "）。\n回复1关注，有进展一起通知您；回复2仍单独提交。";
        }
        if (outcome instanceof SubmitOutcome.RateLimited limited) {
            return "您今天已提交" + limited.limit() + "条，感谢热心！请明天再报；紧急情况请拨打12345。";
        }
        return ((SubmitOutcome.Invalid) outcome).message() + "\n" + next(who);
    }

    private static String created(SubmitOutcome.Created created) {
        return "已提交！编号" + created.ticketNo() + "\n由" + created.unitName() + "处理，时限" + created.deadline()
                + "。\n回复“进度”随时查询。";
    }

    private static String submissionKey(Resident who, String messageKey) {
        return who.appId() + ":" + messageKey;
    }

    private String follow(Resident who, ReportDraft draft) {
        String ticket = draft.nearbyTicket();
        boolean followed = reports.follow(ticket, who.appId(), who.openid(), draft.photos(who.appId()),
                draft.description());
        drafts.delete(who.appId(), who.openid());
        return followed ? "已关注" + ticket + "，有进展会通知您。您的照片和描述已补充进去。"
                : "该问题刚刚处理完毕，无需重复反映。如仍有问题，请回复“随手拍”重新举报。";
    }

    /** Decides what is still missing, remembers it as the step being answered, and asks for it. */
    private String next(Resident who) {
        ReportDraft draft = drafts.find(who.appId(), who.openid()).orElseThrow();
        Optional<ReportCategory> category = categories.find(draft.category());
        String step;
        String prompt;
        if (category.isEmpty()) {
            step = "category";
            prompt = "请回复编号选择问题类别：\n" + categoryList();
        } else if (draft.photoCount() == 0 && (category.get().photoRequired() || !draft.photoSkipped())) {
            step = "photo";
            prompt = category.get().photoRequired() ? "请拍一张现场照片发给我。"
                    : "请拍一张现场照片发给我，没有请回复“跳过”。";
        } else if (!draft.hasPlace()) {
            step = "place";
            prompt = "请发送位置（点“+”选“位置”），或直接打字写地址。";
        } else if (draft.description().isBlank()) {
            step = "description";
            prompt = "请用一句话描述问题，如“路口井盖缺失”。";
        } else {
            step = "confirm";
            prompt = summary(draft, category.get()) + "\n回复“提交”确认，回复“取消”放弃。";
        }
        drafts.put(who.appId(), who.openid(), Map.of("awaiting", step));
        return prompt;
    }

    private static String summary(ReportDraft draft, ReportCategory category) {
        String place = draft.address() != null ? draft.address() : "已定位";
        return "类别：" + category.name() + "\n位置：" + place + "\n照片：" + draft.photoCount() + "张\n描述："
                + draft.description();
    }

    private String categoryList() {
        List<ReportCategory> all = categories.all();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            out.append(i + 1).append('.').append(all.get(i).name()).append(i % 2 == 0 ? "  " : "\n");
        }
        return out.toString().strip();
    }

    private Optional<ReportCategory> chooseCategory(String text) {
        List<ReportCategory> all = categories.all();
        if (text.matches("\\d{1,2}")) {
            int n = Integer.parseInt(text);
            return n >= 1 && n <= all.size() ? Optional.of(all.get(n - 1)) : Optional.empty();
        }
        return all.stream().filter(c -> c.name().equals(text)).findFirst().or(() -> categories.guess(text));
    }

    private void addDescription(ReportDraft draft, Map<String, String> fields, String messageKey, String text) {
        fields.put(textField(messageKey), text.strip());
        if (draft.category() == null) {
            categories.guess(TextNormalizer.normalize(text)).ifPresent(c -> fields.put("category", c.code()));
        }
    }

    /** Sorts by arrival: message keys start with WeChat's CreateTime. */
    private static String textField(String messageKey) {
        return "text:" + messageKey;
    }

    private String myReportsUrl(Resident who) {
        return links.myReports(who.appId());
    }

    private static String when(OffsetDateTime time) {
        return CityTime.shortForm(time);
    }
}
