package cn.wenming.bench.echo;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import me.chanjar.weixin.common.api.WxConsts.XmlMsgType;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpMessageRouter;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.config.WxMpConfigStorage;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * As in the demo: a {@link WxMpService} holding one in-memory config per account, and a router. The
 * demo's router has a dozen event rules and a default text handler; only the text rule matters for a
 * text load, so it is the one rule here, answering with the text it got.
 */
@Configuration
public class WxMpConfiguration {

    @Bean
    public WxMpService wxMpService(WxMpProperties properties) {
        if (properties.configs() == null || properties.configs().isEmpty()) {
            throw new IllegalStateException("wx.mp.configs is empty: configure at least one account");
        }
        Map<String, WxMpConfigStorage> storages = properties.configs().stream().map(a -> {
            WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
            config.setAppId(a.appId());
            config.setSecret(a.secret());
            config.setToken(a.token());
            config.setAesKey(a.aesKey());
            return (WxMpConfigStorage) config;
        }).collect(Collectors.toMap(WxMpConfigStorage::getAppId, Function.identity(), (first, second) -> first));
        WxMpService service = new WxMpServiceImpl();
        service.setMultiConfigStorages(storages);
        return service;
    }

    @Bean
    public WxMpMessageRouter messageRouter(WxMpService wxMpService) {
        WxMpMessageRouter router = new WxMpMessageRouter(wxMpService);
        // async(false): the reply goes back in the HTTP response, as the demo's default rule does
        router.rule().async(false).msgType(XmlMsgType.TEXT).handler(echo()).end();
        return router;
    }

    /** The demo's MsgHandler with its content changed to the text received. */
    private static WxMpMessageHandler echo() {
        return (message, context, service, sessions) -> WxMpXmlOutMessage.TEXT()
                .content(message.getContent())
                .fromUser(message.getToUser())
                .toUser(message.getFromUser())
                .build();
    }
}
