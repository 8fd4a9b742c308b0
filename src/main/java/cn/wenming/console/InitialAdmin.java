package cn.wenming.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On the first start (no staff account yet) creates the admin named in config/env
 * ({@code wenming.console.initial-admin.username/password}). Without a password nothing is created:
 * production has no default password (the prod profile clears the dev one). The first admin must
 * replace that password at the first sign-in ({@code must-change-password}, true unless the default
 * run's config turns it off for the documented dev admin).
 */
@Component
class InitialAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

    private final StaffRepository staff;
    private final PasswordEncoder passwords;
    private final String username;
    private final String password;
    private final boolean mustChangePassword;

    InitialAdmin(StaffRepository staff, PasswordEncoder passwords,
            @Value("${wenming.console.initial-admin.username:admin}") String username,
            @Value("${wenming.console.initial-admin.password:}") String password,
            @Value("${wenming.console.initial-admin.must-change-password:true}") boolean mustChangePassword,
            Environment environment) {
        // Under prod the change is forced whatever a variable says.
        this.mustChangePassword = mustChangePassword || environment.matchesProfiles("prod");
        this.staff = staff;
        this.passwords = passwords;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!staff.isEmpty()) {
            return;
        }
        if (password.isBlank()) {
            log.warn("No staff account exists and wenming.console.initial-admin.password is not set: "
                    + "the console cannot be used until it is (see README, Staff console)");
            return;
        }
        createFirstAdmin();
    }

    /**
     * The password came through a deployment's configuration (environment, scripts, someone's notes),
     * so unless configured otherwise the admin must choose their own at the first sign-in.
     */
    void createFirstAdmin() {
        staff.create(username, passwords.encode(password), "管理员", StaffRole.ADMIN, null, mustChangePassword);
        log.info("Created the first console admin '{}'{}", username,
                mustChangePassword ? "; the password must be changed at the first sign-in" : "");
    }
}
