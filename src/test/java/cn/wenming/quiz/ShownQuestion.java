package cn.wenming.quiz;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the question at the end of a chat message, for tests that answer it. */
final class ShownQuestion {

    private static final Pattern HEADING = Pattern.compile("第\\d+/\\d+题");

    private ShownQuestion() {
    }

    /** From the last "第n/m题" heading on; question texts may contain 第 themselves ("排在第一位"). */
    static String tail(String message) {
        Matcher heading = HEADING.matcher(message);
        int start = -1;
        while (heading.find()) {
            start = heading.start();
        }
        if (start < 0) {
            throw new AssertionError("no question in: " + message);
        }
        return message.substring(start);
    }
}
