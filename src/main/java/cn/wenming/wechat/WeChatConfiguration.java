package cn.wenming.wechat;

import cn.wenming.wechat.handler.HelpHandler;
import cn.wenming.wechat.handler.ImageHandler;
import cn.wenming.wechat.handler.LocationHandler;
import cn.wenming.wechat.handler.MassSendFinishedHandler;
import cn.wenming.wechat.handler.MenuClickHandler;
import cn.wenming.wechat.handler.ScanHandler;
import cn.wenming.wechat.handler.SubscribePopupHandler;
import cn.wenming.wechat.handler.SubscribeHandler;
import cn.wenming.wechat.handler.TextHandler;
import cn.wenming.wechat.handler.UnsubscribeHandler;
import cn.wenming.wechat.handler.VoiceHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.common.redis.RedisTemplateWxRedisOps;
import me.chanjar.weixin.mp.api.WxMpMessageRouter;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.config.WxMpConfigStorage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpRedisConfigImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class WeChatConfiguration {

    /**
     * One WxMpService for all accounts. Access tokens live in Redis so that instances share one token
     * instead of invalidating each other's; hosts are configurable so tests never reach WeChat.
     */
    @Bean
    WxMpService wxMpService(WeChatProperties properties, StringRedisTemplate redis) {
        WxMpHostConfig hosts = new WxMpHostConfig();
        hosts.setApiHost(properties.apiHost());
        hosts.setOpenHost(properties.openHost());
        hosts.setMpHost(properties.mpHost());
        Map<String, WxMpConfigStorage> storages = new LinkedHashMap<>();
        for (WeChatProperties.Account account : properties.accounts()) {
            WxMpRedisConfigImpl storage = new WxMpRedisConfigImpl(new RedisTemplateWxRedisOps(redis), "wenming:wx");
            storage.setAppId(account.appId());
            storage.setSecret(account.secret());
            storage.setToken(account.token());
            storage.setAesKey(account.aesKey());
            storage.setHostConfig(hosts);
            storages.put(account.appId(), storage);
        }
        WxMpService service = new WxMpServiceImpl();
        service.setMultiConfigStorages(storages);
        // WxJava retries a "system busy" answer itself five times, sleeping 1, 2, 4, 8 and 16 s: a
        // thread held for half a minute. Our outboxes retry later instead; one quick retry is enough.
        service.setMaxRetryTimes(1);
        service.setRetrySleepMillis(200);
        return service;
    }

    /** Threads that run handlers, so the request thread can stop waiting when the budget is spent. */
    @Bean(name = "wechatHandlerExecutor", destroyMethod = "shutdown")
    ExecutorService wechatHandlerExecutor(WeChatProperties properties) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(properties.handlerThreads(), properties.handlerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1000), runnable -> {
                    Thread thread = new Thread(runnable, "wechat-handler-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Rules in the style of weixin-java-mp-demo, all synchronous: WxJava rules are async by default,
     * and an async rule's reply is thrown away.
     */
    @Bean(destroyMethod = "shutDownExecutorService")
    WxMpMessageRouter wxMpMessageRouter(WxMpService service, SubscribeHandler subscribe,
            UnsubscribeHandler unsubscribe, ScanHandler scan, MenuClickHandler menuClick, TextHandler text,
            VoiceHandler voice, ImageHandler image, LocationHandler location, HelpHandler help,
            MassSendFinishedHandler massSendFinished, SubscribePopupHandler subscribePopup) {
        // The router runs no async rule; it still wants an executor.
        WxMpMessageRouter router = new WxMpMessageRouter(service, Executors.newSingleThreadExecutor());
        // Deduplication happens before routing, in DeliveryLedger, which also replays the reply.
        router.setMessageDuplicateChecker(messageId -> false);
        router.rule().async(false).msgType(WxConsts.XmlMsgType.EVENT).event(WxConsts.EventType.SUBSCRIBE)
                .handler(subscribe).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.EVENT).event(WxConsts.EventType.UNSUBSCRIBE)
                .handler(unsubscribe).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.EVENT).event(WxConsts.EventType.SCAN)
                .handler(scan).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.EVENT).event(WxConsts.EventType.CLICK)
                .handler(menuClick).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.EVENT).event(WxConsts.EventType.MASS_SEND_JOB_FINISH)
                .handler(massSendFinished).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.EVENT).event(WxConsts.EventType.SUBSCRIBE_MSG_POPUP_EVENT)
                .handler(subscribePopup).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.TEXT).handler(text).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.VOICE).handler(voice).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.IMAGE).handler(image).end()
                .rule().async(false).msgType(WxConsts.XmlMsgType.LOCATION).handler(location).end()
                .rule().async(false).handler(help).end();
        return router;
    }
}
