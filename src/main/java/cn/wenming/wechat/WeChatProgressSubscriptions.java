package cn.wenming.wechat;

import cn.wenming.core.ResidentUnsubscribed;
import cn.wenming.report.ProgressSubscriptions;
import cn.wenming.wechat.handler.SubscribePopupHandler;
import java.util.Optional;
import me.chanjar.weixin.common.bean.WxJsapiSignature;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Progress 订阅通知: the JS-SDK signature for {@code wx-open-subscribe} on the confirmation page, the
 * residents' acceptances (one notice each, WeChat's one-time subscription), and using one up.
 */
@Component
class WeChatProgressSubscriptions implements ProgressSubscriptions, SubscribePopupHandler.Acceptances {

    private static final Logger log = LoggerFactory.getLogger(WeChatProgressSubscriptions.class);

    private final WxMpService wechat;
    private final WeChatAccounts accounts;
    private final JdbcClient jdbc;

    WeChatProgressSubscriptions(WxMpService wechat, WeChatAccounts accounts, JdbcClient jdbc) {
        this.wechat = wechat;
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Offer> offer(String appId, String pageUrl) {
        String template = accounts.progressSubscribeTemplateId(appId);
        if (template == null) {
            return Optional.empty();
        }
        try {
            WxJsapiSignature signature = wechat.switchoverTo(appId).createJsapiSignature(pageUrl);
            return Optional.of(new Offer(appId, template, signature.getTimestamp(), signature.getNonceStr(),
                    signature.getSignature()));
        } catch (WxErrorException | WxRuntimeException e) {
            log.warn("No JS-SDK signature for account {}: {}", appId, e.getMessage());
            return Optional.empty();
        }
    }

    /** The resident accepted the account's progress template in the subscription pop-up. */
    @Override
    public void accepted(String appId, String openid, String templateId) {
        if (templateId.equals(accounts.progressSubscribeTemplateId(appId))) {
            jdbc.sql("INSERT INTO wechat_progress_subscription (app_id, openid, template_id) VALUES (?, ?, ?)")
                    .params(appId, openid, templateId).update();
        }
    }

    /** Uses up one acceptance of the template; false when the resident has none left. */
    boolean useOne(String appId, String openid, String templateId) {
        return jdbc.sql("""
                DELETE FROM wechat_progress_subscription WHERE id = (
                  SELECT id FROM wechat_progress_subscription WHERE app_id = ? AND openid = ? AND template_id = ?
                  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)""").params(appId, openid, templateId).update() == 1;
    }

    @EventListener
    void forget(ResidentUnsubscribed event) {
        jdbc.sql("DELETE FROM wechat_progress_subscription WHERE app_id = ? AND openid = ?")
                .params(event.appId(), event.openid()).update();
    }
}
