package cn.wenming.bench.echo;

import me.chanjar.weixin.mp.api.WxMpMessageRouter;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's portal controller, step for step: switch to the account, check the signature, decrypt
 * (safe mode) or parse (plaintext), route, encrypt the reply. Its info/debug logging is kept as calls
 * (the level is WARN, as the issue asks), so the per-request cost is the demo's.
 */
@RestController
@RequestMapping("/wx/portal/{appid}")
public class WxPortalController {

    private static final Logger log = LoggerFactory.getLogger(WxPortalController.class);

    private final WxMpService wxService;
    private final WxMpMessageRouter messageRouter;

    public WxPortalController(WxMpService wxService, WxMpMessageRouter messageRouter) {
        this.wxService = wxService;
        this.messageRouter = messageRouter;
    }

    @GetMapping(produces = "text/plain;charset=utf-8")
    public String authGet(@PathVariable String appid,
                          @RequestParam(name = "signature", required = false) String signature,
                          @RequestParam(name = "timestamp", required = false) String timestamp,
                          @RequestParam(name = "nonce", required = false) String nonce,
                          @RequestParam(name = "echostr", required = false) String echostr) {
        log.info("verification request: [{}, {}, {}, {}]", signature, timestamp, nonce, echostr);
        if (isAnyBlank(signature, timestamp, nonce, echostr)) {
            throw new IllegalArgumentException("missing request parameters");
        }
        if (!wxService.switchover(appid)) {
            throw new IllegalArgumentException("no account configured for appid " + appid);
        }
        return wxService.checkSignature(timestamp, nonce, signature) ? echostr : "非法请求";
    }

    @PostMapping(produces = "application/xml; charset=UTF-8")
    public String post(@PathVariable String appid,
                       @RequestBody String requestBody,
                       @RequestParam("signature") String signature,
                       @RequestParam("timestamp") String timestamp,
                       @RequestParam("nonce") String nonce,
                       @RequestParam("openid") String openid,
                       @RequestParam(name = "encrypt_type", required = false) String encType,
                       @RequestParam(name = "msg_signature", required = false) String msgSignature) {
        log.info("message: openid=[{}] signature=[{}] encType=[{}] msgSignature=[{}] timestamp=[{}] nonce=[{}] body=[{}]",
                openid, signature, encType, msgSignature, timestamp, nonce, requestBody);
        if (!wxService.switchover(appid)) {
            throw new IllegalArgumentException("no account configured for appid " + appid);
        }
        if (!wxService.checkSignature(timestamp, nonce, signature)) {
            throw new IllegalArgumentException("signature does not verify: not from WeChat");
        }
        String out = null;
        if (encType == null) {
            WxMpXmlOutMessage outMessage = route(WxMpXmlMessage.fromXml(requestBody));
            if (outMessage == null) {
                return "";
            }
            out = outMessage.toXml();
        } else if ("aes".equalsIgnoreCase(encType)) {
            WxMpXmlMessage inMessage = WxMpXmlMessage.fromEncryptedXml(requestBody, wxService.getWxMpConfigStorage(),
                    timestamp, nonce, msgSignature);
            log.debug("decrypted: {}", inMessage);
            WxMpXmlOutMessage outMessage = route(inMessage);
            if (outMessage == null) {
                return "";
            }
            out = outMessage.toEncryptedXml(wxService.getWxMpConfigStorage());
        }
        log.debug("reply: {}", out);
        return out;
    }

    private WxMpXmlOutMessage route(WxMpXmlMessage message) {
        try {
            return messageRouter.route(message);
        } catch (Exception e) {
            log.error("routing failed", e);
            return null;
        }
    }

    private static boolean isAnyBlank(String... values) {
        for (String v : values) {
            if (v == null || v.isBlank()) {
                return true;
            }
        }
        return false;
    }
}
