package cn.wenming.reach;

/** WeChat refused a mass-message call; {@code errorCode} is WeChat's errcode (0 when it did not answer). */
@org.springframework.modulith.NamedInterface("wechat")
public class MassSendRefused extends RuntimeException {

    private final int errorCode;

    public MassSendRefused(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
