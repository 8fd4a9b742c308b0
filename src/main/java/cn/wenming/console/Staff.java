package cn.wenming.console;

import java.io.Serializable;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A staff member. {@code unitName} is the 责任单位 a HANDLER works for (matching the units in
 * config/grids and a report's routed unit); null for other roles.
 */
public record Staff(long id, String username, String displayName, StaffRole role, String unitName,
        boolean enabled) implements Serializable {

    /** The staff member of the current request, if one is signed in. */
    public static Optional<Staff> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof StaffDetails details ? Optional.of(details.staff())
                : Optional.empty();
    }

    public boolean is(StaffRole wanted) {
        return role == wanted;
    }

    /** How report history names this person: "显示名（单位或角色）". */
    public String signature() {
        return displayName + "（" + (unitName != null ? unitName : role.label()) + "）";
    }
}
