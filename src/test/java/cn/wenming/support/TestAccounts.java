package cn.wenming.support;

/**
 * The accounts every integration test context serves: the documented dev account (safe mode only), a
 * second account in the middle of an EncodingAESKey rotation (its previous key is the dev key), an
 * account without an AES key (plaintext mode) and one migrating to safe mode (compatible mode allowed).
 */
public final class TestAccounts {

    public static final String DEV_APPID = "wxdev0000000000001";
    public static final String DEV_SECRET = "devsecret";
    public static final String DEV_TOKEN = "wenmingdevtoken";
    public static final String DEV_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    public static final String DEV_REPORT_TEMPLATE = "TPL_REPORT_PROGRESS";
    /**
     * The dev template's own keys, as 公众平台 lists them: deliberately not the service's defaults, so a
     * test sees that the configured keys are used.
     */
    public static final String TEMPLATE_TICKET_KEY = "character_string7";
    public static final String TEMPLATE_STATE_KEY = "phrase3";
    public static final String TEMPLATE_TIME_KEY = "time5";
    public static final String TEMPLATE_SUMMARY_KEY = "thing9";

    /** The dev account's progress 订阅通知 template and its own keys (reach, issue 18). */
    public static final String DEV_PROGRESS_SUBSCRIBE_TEMPLATE = "TPL_PROGRESS_SUBSCRIBE";
    public static final String SUBSCRIBE_TICKET_KEY = "character_string11";
    public static final String SUBSCRIBE_STATE_KEY = "phrase12";
    public static final String SUBSCRIBE_TIME_KEY = "time13";
    public static final String SUBSCRIBE_SUMMARY_KEY = "thing14";

    public static final String ROTATED_APPID = "wxrot0000000000002";
    public static final String ROTATED_SECRET = "rotatedsecret";
    public static final String ROTATED_TOKEN = "rotatedtoken";
    public static final String ROTATED_NEW_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
    public static final String ROTATED_OLD_KEY = DEV_AES_KEY;

    public static final String PLAIN_APPID = "wxplain000000000003";
    public static final String PLAIN_SECRET = "plainsecret";
    public static final String PLAIN_TOKEN = "plaintoken";

    public static final String MIGRATING_APPID = "wxmigr000000000004";
    public static final String MIGRATING_SECRET = "migratingsecret";
    public static final String MIGRATING_TOKEN = "migratingtoken";
    public static final String MIGRATING_KEY = "MigratingKey0123456789abcdefghijklmnopqrstu";

    /** Spring properties that configure the accounts (replacing config/application.yml's list). */
    public static final String[] PROPERTIES = {
        "wechat.accounts[0].app-id=" + DEV_APPID,
        "wechat.accounts[0].secret=" + DEV_SECRET,
        "wechat.accounts[0].token=" + DEV_TOKEN,
        "wechat.accounts[0].aes-key=" + DEV_AES_KEY,
        "wechat.accounts[0].report-template-id=" + DEV_REPORT_TEMPLATE,
        "wechat.accounts[0].report-template-fields.ticket=" + TEMPLATE_TICKET_KEY,
        "wechat.accounts[0].report-template-fields.state=" + TEMPLATE_STATE_KEY,
        "wechat.accounts[0].report-template-fields.time=" + TEMPLATE_TIME_KEY,
        "wechat.accounts[0].report-template-fields.summary=" + TEMPLATE_SUMMARY_KEY,
        "wechat.accounts[0].permanent-qr-codes=true",
        "wechat.accounts[0].progress-subscribe-template-id=" + DEV_PROGRESS_SUBSCRIBE_TEMPLATE,
        "wechat.accounts[0].progress-subscribe-fields.ticket=" + SUBSCRIBE_TICKET_KEY,
        "wechat.accounts[0].progress-subscribe-fields.state=" + SUBSCRIBE_STATE_KEY,
        "wechat.accounts[0].progress-subscribe-fields.time=" + SUBSCRIBE_TIME_KEY,
        "wechat.accounts[0].progress-subscribe-fields.summary=" + SUBSCRIBE_SUMMARY_KEY,
        "wechat.accounts[1].app-id=" + ROTATED_APPID,
        "wechat.accounts[1].secret=" + ROTATED_SECRET,
        "wechat.accounts[1].token=" + ROTATED_TOKEN,
        "wechat.accounts[1].aes-key=" + ROTATED_NEW_KEY,
        "wechat.accounts[1].previous-aes-key=" + ROTATED_OLD_KEY,
        "wechat.accounts[2].app-id=" + PLAIN_APPID,
        "wechat.accounts[2].secret=" + PLAIN_SECRET,
        "wechat.accounts[2].token=" + PLAIN_TOKEN,
        "wechat.accounts[2].account-type=subscription",
        "wechat.accounts[3].app-id=" + MIGRATING_APPID,
        "wechat.accounts[3].secret=" + MIGRATING_SECRET,
        "wechat.accounts[3].token=" + MIGRATING_TOKEN,
        "wechat.accounts[3].aes-key=" + MIGRATING_KEY,
        "wechat.accounts[3].allow-compatible-mode=true",
    };

    private TestAccounts() {
    }
}
