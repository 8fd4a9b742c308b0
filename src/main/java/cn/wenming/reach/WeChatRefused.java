package cn.wenming.reach;

/** WeChat refused a call of reach's ports; {@code errorCode} is WeChat's errcode (0 when it did not answer). */
@org.springframework.modulith.NamedInterface("wechat")
public class WeChatRefused extends RuntimeException {

    private final int errorCode;

    public WeChatRefused(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
