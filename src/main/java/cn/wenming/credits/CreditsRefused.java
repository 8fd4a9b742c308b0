package cn.wenming.credits;

/** A redemption or confirmation that cannot be done; the message is the Chinese sentence to show. */
public class CreditsRefused extends RuntimeException {

    CreditsRefused(String message) {
        super(message);
    }
}
