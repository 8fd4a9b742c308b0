package cn.wenming.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a signed-in staff session against its account on every request: a disabled account, or one
 * whose role, unit or password changed since the sign-in (its session version moved on), loses the
 * session at once, on whichever instance the request lands. An account that must still replace its
 * first password sees only the password page until it has.
 */
final class StaffSessionFilter extends OncePerRequestFilter {

    static final String PASSWORD_PAGE = "/console/password";

    private final StaffRepository staff;

    StaffSessionFilter(StaffRepository staff) {
        this.staff = staff;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof StaffDetails details)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<StaffRepository.SessionState> state = staff.sessionState(details.staff().id());
        if (state.isEmpty() || !state.get().enabled() || state.get().sessionVersion() != details.sessionVersion()) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            if (staffArea(request)) {
                response.sendRedirect("/console/login?expired");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (state.get().mustChangePassword() && staffArea(request) && !allowedBeforeChange(request)) {
            response.sendRedirect(PASSWORD_PAGE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean staffArea(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/console") || path.startsWith("/console/")
                || (path.startsWith("/actuator/") && !path.startsWith("/actuator/health"));
    }

    private static boolean allowedBeforeChange(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals(PASSWORD_PAGE) || path.equals("/console/logout") || path.equals("/console/login")
                || path.startsWith("/console/assets/");
    }
}
