package cn.wenming.wechat;

import cn.wenming.core.CityTime;
import cn.wenming.report.ResidentNotifier;
import java.time.OffsetDateTime;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Report notices to residents: a customer-service message inside WeChat's 48-hour window after the
 * resident last wrote, otherwise the account's template message (when one is configured).
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
        message.addData(new WxMpTemplateData("first", notice.text()));
        message.addData(new WxMpTemplateData("keyword1", notice.ticketNo()));
        message.addData(new WxMpTemplateData("keyword2", notice.stateLabel()));
        message.addData(new WxMpTemplateData("keyword3", CityTime.full(OffsetDateTime.now())));
        message.addData(new WxMpTemplateData("remark", "点击查看详情"));
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
}
