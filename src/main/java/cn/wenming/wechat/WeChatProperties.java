package cn.wenming.wechat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The official accounts this service answers for, and how it talks to WeChat.
 *
 * @param accounts      city and district accounts; secrets come from config or env, never code
 * @param apiHost       WeChat API host (tests and staging point it at a fake server)
 * @param replyBudget   how long a message may take before we answer "success" and reply later
 *                      through the customer-service API (WeChat gives up at 5 s)
 * @param dedupeTtl     how long a delivery is remembered; WeChat's retries span about 15 s. Also how
 *                      long after its first use a (timestamp, nonce) pair may come back as a retry
 * @param maxClockSkew  how far a request timestamp may be from our clock; a (timestamp, nonce) pair is
 *                      remembered until its timestamp leaves this window
 * @param maxBody       the largest message body accepted
 * @param menuFile      the custom menu that the ops endpoint publishes
 * @param handlerThreads threads that run message handlers
 */
@ConfigurationProperties("wechat")
public record WeChatProperties(
        List<Account> accounts,
        @DefaultValue("https://api.weixin.qq.com") String apiHost,
        @DefaultValue("https://open.weixin.qq.com") String openHost,
        @DefaultValue("https://mp.weixin.qq.com") String mpHost,
        @DefaultValue("4s") Duration replyBudget,
        @DefaultValue("60s") Duration dedupeTtl,
        @DefaultValue("10m") Duration maxClockSkew,
        @DefaultValue("64KB") DataSize maxBody,
        @DefaultValue("config/menu.json") Path menuFile,
        @DefaultValue("32") int handlerThreads) {

    /**
     * @param previousAesKey   the key before the last rotation, tried when the current one fails
     * @param reportTemplateId the account's template for "report progress" notices, used outside the
     *                         48-hour customer-service window; empty = customer-service only
     * @param reportTemplateFields which of the template's own keys carries which part of a notice:
     *                         {@code ticket}, {@code state}, {@code time}, {@code summary} → e.g.
     *                         {@code character_string1}, {@code phrase2}, {@code time3}, {@code thing4}
     *                         (the defaults). WeChat shows no {@code first}/{@code remark} since
     *                         2023-05-04 and cuts each field at 20 characters; a part mapped to an
     *                         empty key is left out
     * @param allowCompatibleMode for an account migrating to safe mode: with an AES key, also accept
     *                         compatible-mode bodies (plain fields beside {@code <Encrypt>}) and
     *                         plaintext bodies, which the URL signature does not cover. Off by default:
     *                         an account with an AES key accepts safe mode only
     * @param permanentQrCodes the account may make permanent QR codes (a verified 服务号): printed
     *                         sheets then carry WeChat codes whose scans reach the chat; otherwise
     *                         plain links to the H5 pages
     * @param accountType      {@code service} (服务号: a follower receives at most 4 mass messages a month)
     *                         or {@code subscription} (订阅号: one mass message a day); campaign pushes keep to it
     * @param progressSubscribeTemplateId the account's 订阅通知 template for report progress (needs the
     *                         category in 公众平台 → 订阅通知); empty = no subscription is offered
     * @param progressSubscribeFields which of that template's keys carries the ticket, the state, the time
     *                         and the summary (as {@code reportTemplateFields})
     */
    public record Account(String appId, String secret, String token, String aesKey, String previousAesKey,
            String reportTemplateId, java.util.Map<String, String> reportTemplateFields,
            @DefaultValue("false") boolean allowCompatibleMode, @DefaultValue("false") boolean permanentQrCodes,
            @DefaultValue("service") AccountType accountType, String progressSubscribeTemplateId,
            java.util.Map<String, String> progressSubscribeFields) {
    }

    /** 服务号 or 订阅号: WeChat limits their mass messages differently. */
    public enum AccountType { SERVICE, SUBSCRIPTION }
}
