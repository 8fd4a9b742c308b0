package cn.wenming.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The {@code prod} profile refuses to start while any secret is missing, still the published dev
 * value, or (for the keys we generate ourselves) too short to resist guessing. Every problem is
 * collected first, so one failed start names them all. Runs when the environment is ready, before
 * any bean exists or a port is opened; registered in META-INF/spring.factories.
 */
public class ProductionSecrets implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String PROFILE = "prod";

    /** The dev account's appid: an account with it serves the published test account. */
    static final String DEV_APPID = "wxdev0000000000001";

    /**
     * The one list of published dev values (README, "Dev account"; config/application.yml). Any
     * secret equal to any of them is refused, whichever setting it was meant for.
     */
    static final Set<String> DEV_VALUES = Set.of(
            "devsecret",
            "wenmingdevtoken",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
            "wenming-dev-ops-token",
            "wenming-dev-openid-hash-key",
            "wenming-dev-phone-key",
            "wenming-dev-open311-key",
            "wenming-dev-admin");

    /** Keys we generate ourselves (unlike WeChat's token and AES key, whose form WeChat dictates). */
    static final int MIN_KEY_LENGTH = 16;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (!event.getEnvironment().matchesProfiles(PROFILE)) {
            return;
        }
        List<String> problems = problems(event.getEnvironment());
        if (!problems.isEmpty()) {
            throw new UnsafeProductionSecrets(problems);
        }
    }

    /** After logging is set up, so the failure report reads like any other start-up failure. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    /** One line per problem: the environment variable, the property, and what is wrong. */
    static List<String> problems(Environment environment) {
        Binder binder = Binder.get(environment);
        List<String> problems = new ArrayList<>();
        List<Account> accounts = binder.bind("wechat.accounts", Bindable.listOf(Account.class)).orElse(List.of());
        if (accounts.isEmpty()) {
            problems.add("WECHAT_APP_ID (wechat.accounts): no official account is configured");
        }
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get(i);
            String prefix = "wechat.accounts[" + i + "].";
            if (DEV_APPID.equals(strip(account.appId()))) {
                problems.add(line(accountVariable(i, "APP_ID"), prefix + "app-id")
                        + "is the published dev test account " + DEV_APPID);
            } else if (isBlank(account.appId())) {
                problems.add(line(accountVariable(i, "APP_ID"), prefix + "app-id") + "is not set");
            }
            required(problems, accountVariable(i, "SECRET"), prefix + "secret", account.secret(), false);
            required(problems, accountVariable(i, "TOKEN"), prefix + "token", account.token(), false);
            required(problems, accountVariable(i, "AES_KEY"), prefix + "aes-key", account.aesKey(), false);
            notDev(problems, accountVariable(i, "PREVIOUS_AES_KEY"), prefix + "previous-aes-key", account.previousAesKey());
        }
        required(problems, "WENMING_OPS_TOKEN", "wenming.ops.token",
                binder.bind("wenming.ops.token", String.class).orElse(null), true);
        List<String> open311Keys = binder.bind("wenming.report.open311-api-keys", Bindable.listOf(String.class))
                .orElse(List.of()).stream().filter(k -> !isBlank(k)).toList();
        if (open311Keys.isEmpty()) {
            problems.add(line("WENMING_REPORT_OPEN311APIKEYS", "wenming.report.open311-api-keys") + "is not set");
        }
        for (int i = 0; i < open311Keys.size(); i++) {
            required(problems, "WENMING_REPORT_OPEN311APIKEYS", "wenming.report.open311-api-keys[" + i + "]",
                    open311Keys.get(i), true);
        }
        required(problems, "WENMING_PRIVACY_OPENIDHASHKEY", "wenming.privacy.openid-hash-key",
                binder.bind("wenming.privacy.openid-hash-key", String.class).orElse(null), true);
        required(problems, "WENMING_REPORT_PHONEKEY", "wenming.report.phone-key",
                binder.bind("wenming.report.phone-key", String.class).orElse(null), true);
        // Empty is fine: then no first admin is created.
        notDev(problems, "WENMING_CONSOLE_INITIALADMIN_PASSWORD", "wenming.console.initial-admin.password",
                binder.bind("wenming.console.initial-admin.password", String.class).orElse(null));
        return problems;
    }

    private static void required(List<String> problems, String variable, String property, String value, boolean ours) {
        if (isBlank(value)) {
            problems.add(line(variable, property) + "is not set");
        } else if (DEV_VALUES.contains(value.strip())) {
            problems.add(line(variable, property) + "is a published dev value");
        } else if (ours && value.strip().length() < MIN_KEY_LENGTH) {
            problems.add(line(variable, property) + "is too weak (" + value.strip().length()
                    + " characters, at least " + MIN_KEY_LENGTH + "; e.g. openssl rand -hex 32)");
        }
    }

    private static void notDev(List<String> problems, String variable, String property, String value) {
        if (!isBlank(value) && DEV_VALUES.contains(value.strip())) {
            problems.add(line(variable, property) + "is a published dev value");
        }
    }

    /** config/application.yml fills the first account from WECHAT_*; further accounts come from their own file. */
    private static String accountVariable(int index, String field) {
        return index == 0 ? "WECHAT_" + field : "WECHAT_ACCOUNTS_" + index + "_" + field.replace("_", "");
    }

    private static String line(String variable, String property) {
        return variable + " (" + property + ") ";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** The secret-bearing fields of {@code wechat.accounts[]}, bound here without depending on the wechat module. */
    public record Account(String appId, String secret, String token, String aesKey, String previousAesKey) {
    }
}
