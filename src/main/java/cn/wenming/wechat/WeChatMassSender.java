package cn.wenming.wechat;

import cn.wenming.reach.MassMessage;
import cn.wenming.reach.WeChatRefused;
import cn.wenming.reach.WeChatMassMessages;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.WxMpMassOpenIdsMessage;
import me.chanjar.weixin.mp.bean.WxMpMassPreviewMessage;
import me.chanjar.weixin.mp.bean.WxMpMassTagMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Reach's mass messages through WeChat's mass/preview, mass/sendall and mass/send APIs, and temporary QR codes. */
@Component
class WeChatMassSender implements WeChatMassMessages {

    private static final Logger log = LoggerFactory.getLogger(WeChatMassSender.class);
    /** "clientmsgid exist": WeChat already sent a mass message with this clientmsgid and names its msg_id. */
    private static final int ALREADY_SENT = 45065;

    private final WxMpService wechat;
    private final WeChatAccounts accounts;

    WeChatMassSender(WxMpService wechat, WeChatAccounts accounts) {
        this.wechat = wechat;
        this.accounts = accounts;
    }

    @Override
    public void preview(String appId, String openid, MassMessage message) {
        WxMpMassPreviewMessage preview = new WxMpMassPreviewMessage();
        preview.setToWxUserOpenid(openid);
        fill(message, preview::setMsgType, preview::setContent, preview::setMediaId);
        call(() -> wechat.switchoverTo(appId).getMassMessageService().massMessagePreview(preview));
    }

    @Override
    public long sendToAll(String appId, MassMessage message, String clientMsgId) {
        WxMpMassTagMessage mass = new WxMpMassTagMessage();
        mass.setSendAll(true);
        fill(message, mass::setMsgType, mass::setContent, mass::setMediaId);
        mass.setClientMsgId(clientMsgId);
        return send(() -> wechat.switchoverTo(appId).getMassMessageService().massGroupMessageSend(mass).getMsgId());
    }

    @Override
    public long sendToFollowers(String appId, List<String> openids, MassMessage message, String clientMsgId) {
        WxMpMassOpenIdsMessage mass = new WxMpMassOpenIdsMessage();
        mass.setToUsers(List.copyOf(openids));
        fill(message, mass::setMsgType, mass::setContent, mass::setMediaId);
        mass.setClientMsgId(clientMsgId);
        return send(() -> wechat.switchoverTo(appId).getMassMessageService().massOpenIdsMessageSend(mass)
                .getMsgId());
    }

    @Override
    public boolean subscriptionAccount(String appId) {
        return accounts.isSubscription(appId);
    }

    @Override
    public Optional<String> temporaryQrCode(String appId, String scene, Duration validFor) {
        try {
            return Optional.of(wechat.switchoverTo(appId).getQrcodeService()
                    .qrCodeCreateTmpTicket(scene, (int) validFor.toSeconds()).getUrl());
        } catch (WxErrorException e) {
            log.warn("WeChat made no temporary QR code for account {}: {}", appId, e.getError().getErrorCode());
            return Optional.empty();
        }
    }

    /** Text goes into the message's content, an image or article as its media_id. */
    private static void fill(MassMessage message, Consumer<String> type, Consumer<String> content,
            Consumer<String> mediaId) {
        type.accept(message.kind());
        (message.kind().equals("text") ? content : mediaId).accept(message.content());
    }

    private interface WeChatCall<T> {
        T call() throws WxErrorException;
    }

    /** The msg_id of a mass send; a repeated clientmsgid is answered with the msg_id of the one already sent. */
    private static long send(WeChatCall<String> sending) {
        try {
            return Long.parseLong(sending.call());
        } catch (WxErrorException e) {
            if (e.getError().getErrorCode() == ALREADY_SENT && e.getError().getJson() != null) {
                JsonElement msgId = JsonParser.parseString(e.getError().getJson()).getAsJsonObject().get("msg_id");
                if (msgId != null) {
                    return msgId.getAsLong();
                }
            }
            throw refused(e);
        } catch (WxRuntimeException e) {
            throw new WeChatRefused(0, "WeChat did not answer: " + e.getMessage());
        }
    }

    private static <T> T call(WeChatCall<T> call) {
        try {
            return call.call();
        } catch (WxErrorException e) {
            throw refused(e);
        } catch (WxRuntimeException e) {
            throw new WeChatRefused(0, "WeChat did not answer: " + e.getMessage());
        }
    }

    private static WeChatRefused refused(WxErrorException e) {
        return new WeChatRefused(e.getError().getErrorCode(), "errcode " + e.getError().getErrorCode() + " "
                + e.getError().getErrorMsg());
    }
}
