package cn.wenming.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Login page, password change, the console's start page, and the admin pages (accounts, audit log). */
@Controller
class ConsoleController {

    static final int MAX_DISPLAY_NAME = 60;
    static final int MAX_UNIT_NAME = 100;

    private static final int AUDIT_PAGE = 200;

    private final StaffRepository staff;
    private final AuditLog audit;
    private final PasswordEncoder passwords;
    private final SecurityContextRepository sessionContexts = new HttpSessionSecurityContextRepository();

    ConsoleController(StaffRepository staff, AuditLog audit, PasswordEncoder passwords) {
        this.staff = staff;
        this.audit = audit;
        this.passwords = passwords;
    }

    @GetMapping("/console/login")
    String login(@RequestParam(required = false) String locked, Model model) {
        // Only a number is shown: the page never repeats text from its address.
        if (locked != null) {
            model.addAttribute("waitSeconds", locked.matches("\\d{1,6}") ? Long.parseLong(locked) : null);
            model.addAttribute("locked", true);
        }
        return "console/login";
    }

    @GetMapping(StaffSessionFilter.PASSWORD_PAGE)
    String passwordPage(Model model) {
        Staff me = Staff.current().orElseThrow();
        model.addAttribute("staff", me);
        model.addAttribute("mustChange", staff.sessionState(me.id())
                .map(StaffRepository.SessionState::mustChangePassword).orElse(false));
        return "console/password";
    }

    /**
     * Replaces the signed-in account's password (the policy of {@link PasswordPolicy}). Every other
     * session of the account ends; this one carries on under the new session version.
     */
    @PostMapping(StaffSessionFilter.PASSWORD_PAGE)
    String changePassword(@RequestParam String currentPassword, @RequestParam String newPassword,
            @RequestParam String confirmPassword, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect) {
        Staff me = Staff.current().orElseThrow();
        String hash = staff.passwordHash(me.id()).orElseThrow();
        String problem = !passwords.matches(currentPassword, hash) ? "当前密码不对"
                : !newPassword.equals(confirmPassword) ? "两次输入的新密码不一致"
                : newPassword.equals(currentPassword) ? "新密码不能与当前密码相同"
                : PasswordPolicy.problem(me.username(), newPassword).orElse(null);
        if (problem != null) {
            redirect.addFlashAttribute("error", problem);
            return "redirect:" + StaffSessionFilter.PASSWORD_PAGE;
        }
        int version = staff.changePassword(me.id(), passwords.encode(newPassword));
        audit.record("修改密码", "user", me.username(), null, null);
        StaffDetails details = new StaffDetails(staff.find(me.username()).orElseThrow(), null, version);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities()));
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        sessionContexts.saveContext(context, request, response);
        redirect.addFlashAttribute("notice", "密码已修改，其他设备上的登录已退出");
        return "redirect:/console";
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

    /** A new role or unit (ADMIN only): the account's open sessions end, its next sign-in has the new rights. */
    @PostMapping("/console/admin/users/role")
    String setRole(@RequestParam String username, @RequestParam StaffRole role,
            @RequestParam(defaultValue = "") String unitName, RedirectAttributes redirect) {
        Staff before = staff.find(username).orElse(null);
        String unit = role == StaffRole.HANDLER ? unitName.strip() : null;
        if (before == null) {
            redirect.addFlashAttribute("error", "没有这个账号");
        } else if (Staff.current().map(Staff::username).filter(username::equals).isPresent()) {
            // The last admin could otherwise leave the console without one.
            redirect.addFlashAttribute("error", "不能修改自己的角色");
        } else if (role == StaffRole.HANDLER && unit.isEmpty()) {
            redirect.addFlashAttribute("error", "责任单位账号须填写所属单位");
        } else if (unit != null && unit.length() > 100) {
            redirect.addFlashAttribute("error", "单位名称太长");
        } else if (before.role() != role || !java.util.Objects.equals(before.unitName(), unit)) {
            staff.setRole(username, role, unit);
            audit.record("修改角色", "user", username, roleText(before.role(), before.unitName()), roleText(role, unit));
            redirect.addFlashAttribute("notice", "已修改 " + username + " 的角色，其登录已退出");
        }
        return "redirect:/console/admin/users";
    }

    private static String roleText(StaffRole role, String unit) {
        return role.label() + (unit == null ? "" : " · " + unit);
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
