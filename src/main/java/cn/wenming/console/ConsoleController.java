package cn.wenming.console;

import java.util.List;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Login page, the console's start page, and the admin pages (accounts, audit log). */
@Controller
class ConsoleController {

    static final int MAX_DISPLAY_NAME = 60;
    static final int MAX_UNIT_NAME = 100;

    private static final int AUDIT_PAGE = 200;

    private final StaffRepository staff;
    private final AuditLog audit;
    private final PasswordEncoder passwords;

    ConsoleController(StaffRepository staff, AuditLog audit, PasswordEncoder passwords) {
        this.staff = staff;
        this.audit = audit;
        this.passwords = passwords;
    }

    @GetMapping("/console/login")
    String login() {
        return "console/login";
    }

    @GetMapping("/console")
    String home(Model model) {
        model.addAttribute("staff", Staff.current().orElseThrow());
        return "console/home";
    }

    @GetMapping("/console/admin/users")
    String users(Model model) {
        model.addAttribute("users", staff.all());
        model.addAttribute("roles", StaffRole.values());
        return "console/users";
    }

    @PostMapping("/console/admin/users")
    String createUser(@RequestParam String username, @RequestParam String displayName, @RequestParam StaffRole role,
            @RequestParam(defaultValue = "") String unitName, @RequestParam String password,
            RedirectAttributes redirect) {
        String problem = username.isBlank() || !username.matches("[A-Za-z0-9_.-]{3,60}") ? "用户名须为3–60位字母、数字或 _ . -"
                : PasswordPolicy.problem(username, password).isPresent() ? PasswordPolicy.problem(username, password).get()
                : role == StaffRole.HANDLER && unitName.isBlank() ? "责任单位账号须填写所属单位"
                // The columns' sizes: longer would fail in the database instead of here.
                : displayName.strip().length() > MAX_DISPLAY_NAME ? "姓名不能超过" + MAX_DISPLAY_NAME + "个字"
                : unitName.strip().length() > MAX_UNIT_NAME ? "所属单位不能超过" + MAX_UNIT_NAME + "个字"
                : staff.all().stream().anyMatch(s -> s.username().equalsIgnoreCase(username)) ? "用户名已存在"
                : null;
        if (problem != null) {
            redirect.addFlashAttribute("error", problem);
            return "redirect:/console/admin/users";
        }
        String unit = role == StaffRole.HANDLER ? unitName.strip() : null;
        staff.create(username, passwords.encode(password), displayName.strip(), role, unit);
        audit.record("创建账号", "user", username, null, role.label() + (unit == null ? "" : " · " + unit));
        redirect.addFlashAttribute("notice", "已创建账号 " + username);
        return "redirect:/console/admin/users";
    }

    @PostMapping("/console/admin/users/enabled")
    String setEnabled(@RequestParam String username, @RequestParam boolean enabled, RedirectAttributes redirect) {
        if (Staff.current().map(Staff::username).filter(username::equals).isPresent()) {
            redirect.addFlashAttribute("error", "不能停用自己的账号");
        } else if (staff.setEnabled(username, enabled)) {
            audit.record(enabled ? "启用账号" : "停用账号", "user", username, String.valueOf(!enabled),
                    String.valueOf(enabled));
        }
        return "redirect:/console/admin/users";
    }

    @GetMapping("/console/admin/audit")
    String audit(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String objectType, @RequestParam(defaultValue = "") String objectId,
            Model model) {
        AuditLog.Filter filter = new AuditLog.Filter(username, action, objectType, objectId);
        List<AuditLog.Entry> entries = audit.find(filter, AUDIT_PAGE);
        model.addAttribute("filter", filter);
        model.addAttribute("entries", entries);
        return "console/audit";
    }
}
