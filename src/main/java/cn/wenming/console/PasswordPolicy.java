package cn.wenming.console;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a staff password must be: long enough, not one character over and over, not the user name,
 * not a password everyone tries first, and of at least two kinds of character. The reason is
 * returned in Chinese for the form.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    private static final Set<String> COMMON = Set.of("1234567890", "0123456789", "12345678910", "qwertyuiop",
            "password123", "password12", "admin12345", "administrator", "1qaz2wsx3edc", "woaini1314", "wenming123");

    private PasswordPolicy() {
    }

    static Optional<String> problem(String username, String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        int kinds = (password.chars().anyMatch(Character::isLetter) ? 1 : 0)
                + (password.chars().anyMatch(Character::isDigit) ? 1 : 0)
                + (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0);
        if (password.length() < MIN_LENGTH) {
            return Optional.of("密码至少" + MIN_LENGTH + "位");
        }
        if (password.chars().distinct().count() < 4 || COMMON.contains(lower)) {
            return Optional.of("密码太容易猜到，请换一个");
        }
        if (!username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("密码不能包含用户名");
        }
        if (kinds < 2) {
            return Optional.of("密码须含字母、数字、符号中的至少两种");
        }
        return Optional.empty();
    }
}
