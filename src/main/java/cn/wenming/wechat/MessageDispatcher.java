package cn.wenming.wechat;

import cn.wenming.conversation.Conversation;
import cn.wenming.conversation.ConversationStore;
import cn.wenming.conversation.ConversationTexts;
import cn.wenming.core.OpenIdHasher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.chanjar.weixin.mp.api.WxMpMessageRouter;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutTextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import cn.wenming.wechat.handler.Replies;

/**
 * Runs one verified message through the handlers within WeChat's 5-second window: deduplicated
 * across instances, answered passively when the reply is ready within the budget, otherwise
 * answered with "success" now and through the customer-service API when ready. Writes one log line
 * per message, without its content or the openid.
 */
@Component
class MessageDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);

    private final WxMpMessageRouter router;
    private final DeliveryLedger ledger;
    private final LateReplies lateReplies;
    private final Counter redeliveries;
    private final ExecutorService executor;
    private final OpenIdHasher hasher;
    private final MeterRegistry meters;
    private final ActiveResidents active;
    private final Duration budget;
    private final StringRedisTemplate redis;
    private final ConversationStore conversations;
    private final ConversationTexts texts;
    private final SignatureNonces nonces;

    MessageDispatcher(WxMpMessageRouter router, DeliveryLedger ledger, LateReplies lateReplies,
            @Qualifier("wechatHandlerExecutor") ExecutorService executor, OpenIdHasher hasher,
            MeterRegistry meters, ActiveResidents active, WeChatProperties properties, StringRedisTemplate redis,
            ConversationStore conversations, ConversationTexts texts, SignatureNonces nonces) {
        this.nonces = nonces;
        this.redis = redis;
        this.conversations = conversations;
        this.texts = texts;
        this.active = active;
        this.router = router;
        this.ledger = ledger;
        this.lateReplies = lateReplies;
        this.redeliveries = Counter.builder("wenming.wechat.redeliveries")
                .description("WeChat redeliveries: answered from the first delivery's reply or taken over")
                .register(meters);
        this.executor = executor;
        this.hasher = hasher;
        this.meters = meters;
        this.budget = properties.replyBudget();
    }

    /**
     * The passive reply XML, or empty when WeChat should get "success". A redelivery whose first
     * delivery died with its instance (claimed, never answered) is handled as a first delivery.
     * Redis is met twice for a message served in time: once to claim the signature's (timestamp,
     * nonce) pair and the delivery, mark the resident active and read their conversation; once to save
     * the reply with the conversation's changes. A reused pair that is not a retry of the same message
     * (see {@link SignatureNonces}) is refused with a 403 {@link PortalRejection}, and its delivery
     * claim is given back.
     */
    Optional<String> dispatch(String appId, WxMpXmlMessage message, SignatureNonces.Use signature) {
        long started = System.nanoTime();
        String key = DeliveryKey.of(appId, message, hasher);
        String openid = message.getFromUser();
        boolean first;
        Conversation conversation;
        Optional<String> replayed;
        try {
            List<Object> results = redis.executePipelined((RedisCallback<Object>) connection -> {
                nonces.claimIn(connection, signature);
                ledger.claimIn(connection, key);
                active.touchedIn(connection, appId, openid);
                conversations.readIn(connection, appId, openid);
                return null;
            });
            replayed = nonces.refusal(signature, results.get(0), results.get(1));
            first = Boolean.TRUE.equals(results.get(2));
            conversation = conversations.fromResult(appId, openid, results.get(4));
        } catch (RuntimeException e) {
            nonces.unchecked(e);
            replayed = Optional.empty();
            first = ledger.claimLocally(key, e);
            conversation = conversations.unavailable(appId, openid);
        }
        if (replayed.isPresent()) {
            // Nothing was handled. The resident-active mark in the same pipeline stays: it only
            // lengthens a 48-hour window, and undoing it would cost every message a round trip.
            if (first) {
                ledger.release(key);
            }
            throw new PortalRejection(HttpStatus.FORBIDDEN, replayed.get());
        }
        Map<String, Object> context = new HashMap<>();
        context.put(Replies.APP_ID, appId);
        context.put(Replies.CONVERSATION, conversation);
        // One deadline for the whole request: time spent on Redis above counts against the handler.
        long deadline = started + budget.toNanos();
        String outcome;
        Optional<String> reply;
        DeliveryLedger.Redelivery redelivery = first ? null : ledger.awaitFirst(key, deadline);
        if (redelivery != null && !redelivery.takenOver()) {
            reply = redelivery.reply().filter(xml -> !xml.isEmpty());
            outcome = "duplicate";
            redeliveries.increment();
        } else {
            CompletableFuture<WxMpXmlOutMessage> handled;
            try {
                handled = CompletableFuture.supplyAsync(() -> router.route(appId, message, context), executor);
            } catch (RejectedExecutionException e) {
                handled = CompletableFuture.completedFuture(Replies.text(message, texts.busy()));
            }
            try {
                WxMpXmlOutMessage out = handled.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                reply = Optional.ofNullable(out).map(ReplyXml::of);
                outcome = reply.isPresent() ? "replied" : "no-reply";
            } catch (TimeoutException e) {
                // Recorded now: a redelivery gets "success" and is not mistaken for an abandoned delivery.
                ledger.saveReply(key, "");
                Conversation late = conversation;
                handled.whenComplete((out, error) -> {
                    conversations.save(late);
                    replyLater(appId, message, out, error);
                });
                reply = Optional.empty();
                outcome = "deferred";
            } catch (ExecutionException e) {
                log.error("Handler failed for appid={} type={}", appId, message.getMsgType(), e.getCause());
                reply = Optional.of(ReplyXml.of(Replies.text(message, texts.busy())));
                outcome = "failed";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = Optional.empty();
                outcome = "interrupted";
            }
            if (!"deferred".equals(outcome)) {
                finish(key, reply.orElse(""), conversation);
            }
            if (!first) {
                outcome = "taken-over:" + outcome;
                redeliveries.increment();
            }
        }
        record(appId, message, context, outcome, started);
        return reply;
    }

    /** The reply and the conversation's changes, in one round trip. */
    private void finish(String key, String reply, Conversation conversation) {
        try {
            redis.executePipelined((RedisCallback<Object>) connection -> {
                ledger.saveReplyIn(connection, key, reply);
                conversations.writeIn(connection, conversation);
                return null;
            });
        } catch (RuntimeException e) {
            ledger.saveReplyLocally(key, reply, e);
        }
    }

    private void replyLater(String appId, WxMpXmlMessage message, WxMpXmlOutMessage out,
            Throwable error) {
        // Redeliveries already get "success": the answer goes out through the customer-service API,
        // retried from the outbox until WeChat takes it.
        String content = error != null ? texts.busy()
                : out instanceof WxMpXmlOutTextMessage textOut ? textOut.getContent() : null;
        if (content != null) {
            lateReplies.send(appId, message.getFromUser(), content);
        }
    }

    private void record(String appId, WxMpXmlMessage message, Map<String, Object> context, String outcome,
            long started) {
        long nanos = System.nanoTime() - started;
        String type = message.getEvent() != null ? "event:" + message.getEvent() : message.getMsgType();
        Object intent = context.getOrDefault(Replies.INTENT, "-");
        Timer.builder("wenming.wechat.messages").tag("type", type).tag("outcome", outcome)
                .tag("intent", String.valueOf(intent)).register(meters).record(nanos, TimeUnit.NANOSECONDS);
        log.info("wechat appid={} user={} type={} intent={} latencyMs={} outcome={}", appId,
                hasher.hash(message.getFromUser()), type, intent,
                TimeUnit.NANOSECONDS.toMillis(nanos), outcome);
    }
}
