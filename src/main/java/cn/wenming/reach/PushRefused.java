package cn.wenming.reach;

/** A push step that may not happen; the message says why, in Chinese, for the console. */
class PushRefused extends RuntimeException {

    PushRefused(String message) {
        super(message);
    }
}
