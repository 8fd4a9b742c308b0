package cn.wenming.reach;

import cn.wenming.console.AuditLog;
import cn.wenming.console.Staff;
import cn.wenming.core.QrCodes;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 群发 (/console/reach/pushes): EDITORs and ADMINs draft and preview, ADMINs approve (which sends) and
 * send again after a failure; each push page shows its audit trail and WeChat's delivery counts.
 * "绑定我的微信" shows a one-time temporary QR code that links the staff member's WeChat for previews.
 */
@Controller
class PushConsoleController {

    private static final int LINK_QR_SIZE = 240;

    private final CampaignPushes pushes;
    private final StaffWeChat staffWeChat;
    private final Communities communities;
    private final CampaignAccount account;
    private final AuditLog audit;

    PushConsoleController(CampaignPushes pushes, StaffWeChat staffWeChat, Communities communities,
            CampaignAccount account, AuditLog audit) {
        this.pushes = pushes;
        this.staffWeChat = staffWeChat;
        this.communities = communities;
        this.account = account;
        this.audit = audit;
    }

    @GetMapping("/console/reach/pushes")
    String list(Model model) {
        model.addAttribute("pushes", pushes.recent(account.appId()));
        model.addAttribute("linked", staffWeChat.linked(account.appId(), username()));
        model.addAttribute("streets", communities.streets());
        model.addAttribute("communities", communities.all());
        model.addAttribute("groups", (java.util.function.BiFunction<String, String, String>) communities::groupName);
        return "reach/pushes";
    }

    @PostMapping("/console/reach/pushes")
    String draft(CampaignPushes.Draft draft, RedirectAttributes redirect) {
        try {
            long id = pushes.draft(account.appId(), draft, username());
            redirect.addFlashAttribute("message", "草稿已保存。请先预览到自己的微信，再请管理员审批。");
            return "redirect:/console/reach/pushes/" + id;
        } catch (PushRefused e) {
            redirect.addFlashAttribute("error", e.getMessage());
            // Flash attributes live in the Redis session: plain strings only.
            redirect.addFlashAttribute("draftTitle", draft.title());
            redirect.addFlashAttribute("draftContent", draft.content());
            return "redirect:/console/reach/pushes";
        }
    }

    @GetMapping("/console/reach/pushes/{id}")
    String push(@PathVariable long id, Model model) {
        Push push;
        try {
            push = pushes.get(id);
        } catch (PushRefused e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        model.addAttribute("push", push);
        model.addAttribute("group", communities.groupName(push.targetType(), push.targetCode()));
        model.addAttribute("linked", staffWeChat.linked(push.appId(), username()));
        model.addAttribute("trail", audit.find(new AuditLog.Filter("", "", CampaignPushes.AUDIT_TYPE,
                String.valueOf(id)), 50));
        return "reach/push";
    }

    @PostMapping("/console/reach/pushes/{id}/preview")
    String preview(@PathVariable long id, RedirectAttributes redirect) {
        return step(id, redirect, "预览已发到您的微信，请在手机上确认。", () -> pushes.preview(id, username()));
    }

    @PostMapping("/console/reach/pushes/{id}/approve")
    String approve(@PathVariable long id, RedirectAttributes redirect) {
        return step(id, redirect, "已审批并发送。送达人数以微信的群发结果为准。", () -> {
            pushes.approve(id, username());
            pushes.send(id);
        });
    }

    @PostMapping("/console/reach/pushes/{id}/send")
    String send(@PathVariable long id, RedirectAttributes redirect) {
        return step(id, redirect, "已发送。", () -> pushes.send(id));
    }

    /** A temporary QR code to scan with one's own WeChat: previews then go there. */
    @PostMapping("/console/reach/link")
    String link(Model model) {
        Optional<String> content = staffWeChat.linkCode(account.appId(), username());
        model.addAttribute("qr", content.map(c -> Base64.getEncoder().encodeToString(QrCodes.png(c, LINK_QR_SIZE)))
                .orElse(null));
        model.addAttribute("minutes", StaffWeChat.VALID.toMinutes());
        audit.record("reach.staff-wechat-code", "staff", username(), null, "生成绑定码");
        return "reach/link";
    }

    private String step(long id, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("message", done);
        } catch (PushRefused e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/console/reach/pushes/" + id;
    }

    private static String username() {
        return Staff.current().map(Staff::username).orElseThrow();
    }
}
