package cn.wenming.console;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A staff account as Spring Security sees it; the password hash is erased once the login succeeded.
 * {@code sessionVersion} is the account's version at sign-in: a session whose version no longer
 * matches the account's (disabled, new role or unit, new password) is ended by {@link StaffSessionFilter}.
 */
final class StaffDetails implements UserDetails, CredentialsContainer {

    private final Staff staff;
    private final int sessionVersion;
    private String passwordHash;

    StaffDetails(Staff staff, String passwordHash, int sessionVersion) {
        this.staff = staff;
        this.passwordHash = passwordHash;
        this.sessionVersion = sessionVersion;
    }

    Staff staff() {
        return staff;
    }

    int sessionVersion() {
        return sessionVersion;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(staff.role().authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return staff.username();
    }

    @Override
    public boolean isEnabled() {
        return staff.enabled();
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
