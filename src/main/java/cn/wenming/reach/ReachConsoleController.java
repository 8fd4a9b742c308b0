package cn.wenming.reach;

import cn.wenming.console.AuditLog;
import cn.wenming.core.CityTime;
import cn.wenming.core.PermanentQrCodes;
import cn.wenming.core.QrCodes;
import cn.wenming.core.Spreadsheets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 扫码与群发 (/console/reach): reach by community (bound residents against the head-count, follows and
 * scans through each code) with its XLSX, the printable code sheet of a street, poster codes, and the
 * QR pictures themselves (WeChat permanent codes, made once per scene).
 */
@Controller
class ReachConsoleController {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");
    private static final int QR_SIZE = 360;

    private final ReachFigures figures;
    private final Communities communities;
    private final CommunityScene communityScene;
    private final PosterScene posterScene;
    private final PermanentQrCodes qrCodes;
    private final CampaignAccount account;
    private final ResidentTags tags;
    private final TagMenus menus;
    private final AuditLog audit;

    ReachConsoleController(ReachFigures figures, Communities communities, CommunityScene communityScene,
            PosterScene posterScene, PermanentQrCodes qrCodes, CampaignAccount account, ResidentTags tags,
            TagMenus menus, AuditLog audit) {
        this.tags = tags;
        this.menus = menus;
        this.figures = figures;
        this.communities = communities;
        this.communityScene = communityScene;
        this.posterScene = posterScene;
        this.qrCodes = qrCodes;
        this.account = account;
        this.audit = audit;
    }

    @GetMapping("/console/reach")
    String dashboard(Model model) {
        model.addAttribute("rows", figures.byCommunity(account.appId()));
        model.addAttribute("posters", figures.byPoster(account.appId()));
        model.addAttribute("streets", communities.streets());
        return "reach/dashboard";
    }

    /** What each group of residents sees in the menu (published through the ops endpoint). */
    @GetMapping("/console/reach/menus")
    String menus(Model model) {
        model.addAttribute("groups", menus.groups(account.appId()));
        return "reach/menus";
    }

    /** Runs a tag round now instead of waiting for the next scheduled one. */
    @PostMapping("/console/reach/tags/sync")
    String syncTags(RedirectAttributes redirect) {
        ResidentTags.Round round = tags.sync(account.appId());
        String outcome = round == null ? "另一台服务器正在同步标签，请稍后再看。"
                : "标签已同步：新打标签 " + round.tagged() + " 人次，取消 " + round.untagged() + " 人次"
                        + (round.failedBatches() > 0 ? "；" + round.failedBatches() + " 批微信未受理，将在下次同步时重试" : "") + "。";
        audit.record("reach.tags.sync", "reach", "tags", null, outcome);
        redirect.addFlashAttribute("message", outcome);
        return "redirect:/console/reach";
    }

    @GetMapping("/console/reach/reach.xlsx")
    ResponseEntity<byte[]> export() {
        List<ReachFigures.Row> rows = figures.byCommunity(account.appId());
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet("社区覆盖");
            CellStyle header = Spreadsheets.headerStyle(workbook);
            String[] heads = {"街道", "社区", "社区代码", "应参与人数", "已绑定居民", "覆盖率%", "扫码关注", "扫码（已关注）",
                "扫码带来", "其中举报", "其中答题", "其中问卷"};
            Row head = sheet.createRow(0);
            for (int i = 0; i < heads.length; i++) {
                Spreadsheets.text(head, i, heads[i], header);
            }
            int r = 1;
            for (ReachFigures.Row row : rows) {
                Row line = sheet.createRow(r++);
                Spreadsheets.text(line, 0, row.community().streetName(), null);
                Spreadsheets.text(line, 1, row.community().name(), null);
                Spreadsheets.text(line, 2, row.community().code(), null);
                line.createCell(3).setCellValue(row.headcount());
                line.createCell(4).setCellValue(row.bound());
                if (row.reachPercent() != null) {
                    line.createCell(5).setCellValue(row.reachPercent());
                }
                line.createCell(6).setCellValue(row.follows());
                line.createCell(7).setCellValue(row.scans());
                line.createCell(8).setCellValue(row.brought().residents());
                line.createCell(9).setCellValue(row.brought().reporters());
                line.createCell(10).setCellValue(row.brought().players());
                line.createCell(11).setCellValue(row.brought().respondents());
            }
            audit.record("reach.export", "reach", "communities", null, rows.size() + " 个社区");
            return Spreadsheets.download(Spreadsheets.bytes(workbook), Spreadsheets.XLSX,
                    "reach-" + LocalDateTime.now(CityTime.ZONE).format(STAMP) + ".xlsx");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A street's printable sheet: one code per community, with its name. */
    @GetMapping("/console/reach/sheets/{street}")
    String sheet(@PathVariable String street, Model model) {
        String name = communities.streets().get(street);
        if (name == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个街道");
        }
        model.addAttribute("streetName", name);
        model.addAttribute("communities", communities.inStreet(street));
        model.addAttribute("printable", qrCodes.content(account.appId(), communityScene.scene(
                communities.inStreet(street).stream().findFirst().map(Communities.Community::code).orElse(street)))
                .isPresent());
        return "reach/sheet";
    }

    @GetMapping("/console/reach/posters")
    String poster(@RequestParam String id, Model model) {
        if (!PosterScene.ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "海报编号只能用字母、数字、- 和 _，不超过40个字符");
        }
        model.addAttribute("posterId", id);
        model.addAttribute("printable", qrCodes.content(account.appId(), posterScene.scene(id)).isPresent());
        return "reach/poster";
    }

    @GetMapping(value = "/console/reach/qr/community/{code}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> communityCode(@PathVariable String code) {
        if (communities.community(code).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个社区");
        }
        return png(communityScene.scene(code));
    }

    @GetMapping(value = "/console/reach/qr/poster/{id}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> posterCode(@PathVariable String id) {
        if (!PosterScene.ID.matcher(id).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个海报编号");
        }
        return png(posterScene.scene(id));
    }

    private ResponseEntity<byte[]> png(String scene) {
        String content = qrCodes.content(account.appId(), scene).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "该公众号未开通永久二维码（wechat.accounts[].permanent-qr-codes）"));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(QrCodes.png(content, QR_SIZE));
    }
}
