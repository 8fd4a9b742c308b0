package cn.wenming.resident;

import cn.wenming.core.ResidentUnsubscribed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "删除我的数据" on the H5 pages: a page that says what is deleted, what is kept and why, and a
 * confirmed form post that does what unfollowing does (it announces {@link ResidentUnsubscribed},
 * which every feature handles for the data it holds) and ends the resident's H5 session.
 */
@Controller
class MyDataController {

    private static final Logger log = LoggerFactory.getLogger(MyDataController.class);
    private static final String PAGE = "/h5/my-data";

    private final ApplicationEventPublisher events;

    MyDataController(ApplicationEventPublisher events) {
        this.events = events;
    }

    @GetMapping(PAGE)
    String page(HttpServletRequest request, Model model) {
        Optional<SignedInResident> who = SignedInResident.of(request.getSession(false));
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(PAGE, null);
        }
        model.addAttribute("dev", who.get().devLogin());
        return "resident/my-data";
    }

    @PostMapping(PAGE)
    String delete(@RequestParam(defaultValue = "") String confirm, HttpServletRequest request, Model model) {
        HttpSession session = request.getSession(false);
        Optional<SignedInResident> who = SignedInResident.of(session);
        if (who.isEmpty()) {
            return "redirect:" + SignedInResident.signInUrl(PAGE, null);
        }
        if (!"yes".equals(confirm)) {
            model.addAttribute("dev", who.get().devLogin());
            model.addAttribute("unconfirmed", true);
            return "resident/my-data";
        }
        events.publishEvent(new ResidentUnsubscribed(who.get().appId(), who.get().openid()));
        session.invalidate();
        log.info("A resident deleted their data from the H5 pages");
        return "redirect:" + PAGE + "/deleted";
    }

    @GetMapping(PAGE + "/deleted")
    String deleted() {
        return "resident/data-deleted";
    }
}
