package cn.wenming.wechat;

import cn.wenming.core.CityTime;
import cn.wenming.report.ResidentNotifier;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Report notices to residents: a customer-service message inside WeChat's 48-hour window after the
 * resident last wrote, otherwise the account's template message (when one is configured). Since
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

    ResidentNotices(WxMpService wechat, CustomerServiceSender customerService, ActiveResidents active,
            WeChatAccounts accounts) {
        this.wechat = wechat;
        this.customerService = customerService;
        this.active = active;
        this.accounts = accounts;
    }

    @Override
    public boolean notify(String appId, String openid, Notice notice) {
        String template = accounts.reportTemplateId(appId);
        if (active.withinWindow(appId, openid) || template == null || notice.ticketNo() == null) {
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
