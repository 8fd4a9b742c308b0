package cn.wenming.wechat;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sends a text outside the 5-second window, through WeChat's customer-service message API. */
@Component
class CustomerServiceSender {

    private static final Logger log = LoggerFactory.getLogger(CustomerServiceSender.class);

    private final WxMpService wechat;

    CustomerServiceSender(WxMpService wechat) {
        this.wechat = wechat;
    }

    boolean sendText(String appId, String openid, String content) {
        try {
            wechat.switchoverTo(appId).getKefuService()
                    .sendKefuMessage(WxMpKefuMessage.TEXT().toUser(openid).content(content).build());
            return true;
        } catch (WxErrorException e) {
            log.error("Customer-service message failed for appid={}: errcode={} {}", appId,
                    e.getError().getErrorCode(), e.getError().getErrorMsg());
            return false;
        } catch (RuntimeException e) {
            log.error("Customer-service message failed for appid={}: {}", appId, e.getMessage());
            return false;
        }
    }
}
