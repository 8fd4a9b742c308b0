package cn.wenming.wechat;

import cn.wenming.core.CityTime;
import cn.wenming.report.ResidentNotifier;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.subscribe.WxMpSubscribeMessage;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Report notices to residents: a customer-service message inside WeChat's 48-hour window after the
 * resident last wrote; otherwise a progress 订阅通知 when the resident accepted one on the confirmation
 * page (each acceptance is good for one), else the account's template message (when one is configured). Since
 * 2023-05-04 a template shows neither {@code first} nor {@code remark} and each field on one line of
 * at most 20 characters, so the notice goes into the template's own keys (configured per account):
 * the ticket, the state, the time and a one-line summary from report.yml, each cut to fit.
 */
@Component
class ResidentNotices implements ResidentNotifier {

    private static final Logger log = LoggerFactory.getLogger(ResidentNotices.class);

    private final WxMpService wechat;
    private final CustomerServiceSender customerService;
    private final ActiveResidents active;
    private final WeChatAccounts accounts;
    private final WeChatProgressSubscriptions subscriptions;

    ResidentNotices(WxMpService wechat, CustomerServiceSender customerService, ActiveResidents active,
            WeChatAccounts accounts, WeChatProgressSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.wechat = wechat;
        this.customerService = customerService;
        this.active = active;
        this.accounts = accounts;
    }

    @Override
    public boolean notify(String appId, String openid, Notice notice) {
        String template = accounts.reportTemplateId(appId);
        String subscribed = accounts.progressSubscribeTemplateId(appId);
        boolean inWindow = active.withinWindow(appId, openid);
        if (!inWindow && subscribed != null && notice.ticketNo() != null
                && subscriptions.useOne(appId, openid, subscribed)) {
            return subscriptionNotice(appId, openid, subscribed, notice);
        }
        if (inWindow || template == null || notice.ticketNo() == null) {
            String text = notice.url() == null ? notice.text() : notice.text() + "\n详情：" + notice.url();
            return customerService.sendText(appId, openid, text);
        }
        WxMpTemplateMessage message = WxMpTemplateMessage.builder().toUser(openid).templateId(template)
                .url(notice.url()).build();
        templateData(accounts.reportTemplateFields(appId), notice, OffsetDateTime.now()).forEach(
                (key, value) -> message.addData(new WxMpTemplateData(key, value)));
        try {
            wechat.switchoverTo(appId).getTemplateMsgService().sendTemplateMsg(message);
            return true;
        } catch (WxErrorException e) {
            log.error("Template message failed for appid={}: errcode={} {}", appId, e.getError().getErrorCode(),
                    e.getError().getErrorMsg());
            return false;
        } catch (RuntimeException e) {
            log.error("Template message failed for appid={}: {}", appId, e.getMessage());
            return false;
        }
    }

    /** A 订阅通知 (bizsend) in the subscribed template's own keys, cut to its fields' lengths like a template's. */
    private boolean subscriptionNotice(String appId, String openid, String templateId, Notice notice) {
        WxMpSubscribeMessage message = WxMpSubscribeMessage.builder().toUser(openid).templateId(templateId)
                .page(notice.url()).dataMap(templateData(accounts.progressSubscribeFields(appId), notice,
                        OffsetDateTime.now())).build();
        try {
            wechat.switchoverTo(appId).getSubscribeMsgService().send(message);
            return true;
        } catch (WxErrorException | RuntimeException e) {
            // The acceptance was not used: it stays for the outbox's next attempt.
            subscriptions.accepted(appId, openid, templateId);
            log.error("Subscription notice failed for appid={}: {}", appId, e instanceof WxErrorException wx
                    ? "errcode=" + wx.getError().getErrorCode() + " " + wx.getError().getErrorMsg() : e.getMessage());
            return false;
        }
    }

    private static final DateTimeFormatter TEMPLATE_TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

    /** The template's data: configured key → value, each already within WeChat's field rules. */
    static Map<String, String> templateData(Map<String, String> fields, Notice notice, OffsetDateTime now) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("ticket", notice.ticketNo());
        parts.put("state", notice.stateLabel());
        parts.put("time", now.atZoneSameInstant(CityTime.ZONE).format(TEMPLATE_TIME));
        // Older outbox rows have no summary: the state alone says what happened.
        parts.put("summary", notice.brief() != null && !notice.brief().isBlank() ? notice.brief()
                : notice.stateLabel());
        Map<String, String> data = new LinkedHashMap<>();
        fields.forEach((part, key) -> {
            String value = parts.get(part);
            if (value != null && !value.isBlank()) {
                data.put(key, TemplateFields.fit(key, value));
            }
        });
        return data;
    }
}
