package cn.wenming.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On the first start (no staff account yet) creates the admin named in config/env
 * ({@code wenming.console.initial-admin.username/password}). Without a password nothing is created:
 * production has no default password (the prod profile clears the dev one).
 */
@Component
class InitialAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

    private final StaffRepository staff;
    private final PasswordEncoder passwords;
    private final String username;
    private final String password;

    InitialAdmin(StaffRepository staff, PasswordEncoder passwords,
            @Value("${wenming.console.initial-admin.username:admin}") String username,
            @Value("${wenming.console.initial-admin.password:}") String password) {
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
        staff.create(username, passwords.encode(password), "管理员", StaffRole.ADMIN, null);
        log.info("Created the first console admin '{}'", username);
    }
}
