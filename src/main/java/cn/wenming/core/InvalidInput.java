package cn.wenming.core;

/**
 * A request whose input cannot be handled as sent (too long, a NUL byte, a date out of range, text
 * that is not UTF-8): answered 400 (or the given 4xx) with {@link #getMessage()}, a Chinese sentence
 * fit to show the resident or staff member, never a 5xx. See {@link InputErrorHandling}.
 */
public class InvalidInput extends RuntimeException {

    private final int status;

    public InvalidInput(String message) {
        this(400, message);
    }

    public InvalidInput(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
