package cn.wenming.wechat.handler;

import cn.wenming.ask.AskResult;
import cn.wenming.ask.AskService;
import cn.wenming.ask.Intent;
import cn.wenming.ask.ResidentMessages;
import cn.wenming.quiz.Player;
import cn.wenming.quiz.QuizChat;
import cn.wenming.report.ReportChat;
import cn.wenming.survey.SurveyChat;
import java.util.Map;
import java.util.Optional;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/**
 * A typed message: an answer in a quiz round, part of a 随手拍 report being written, a ticket query, or a question asked of
 * the same service as {@code /api/ask}; "人工" hands the conversation to the account's human agents.
 */
@Component
public class TextHandler implements WxMpMessageHandler {

    private final AskService ask;
    private final ReportChat reports;
    private final QuizChat quiz;
    private final SurveyChat surveys;

    TextHandler(AskService ask, ReportChat reports, QuizChat quiz, SurveyChat surveys) {
        this.surveys = surveys;
        this.ask = ask;
        this.reports = reports;
        this.quiz = quiz;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        if (ask.wantsHuman(message.getContent())) {
            // WeChat passes the conversation to the account's human agents (多客服).
            context.put(Replies.INTENT, "human");
            return WxMpXmlOutMessage.TRANSFER_CUSTOMER_SERVICE().fromUser(message.getToUser())
                    .toUser(message.getFromUser()).build();
        }
        return answer(message, message.getContent(), context);
    }

    WxMpXmlOutMessage answer(WxMpXmlMessage message, String text, Map<String, Object> context) {
        ReportChat.Resident who = Replies.resident(message, context);
        Player player = Replies.player(message, context);
        Optional<String> quizzing = quiz.onText(player, text);
        if (quizzing.isPresent()) {
            context.put(Replies.INTENT, Intent.QUIZ.key());
            return Replies.text(message, quizzing.get());
        }
        Optional<String> surveying = surveys.onText(player.appId(), player.openid(), text);
        if (surveying.isPresent()) {
            context.put(Replies.INTENT, Intent.SURVEY.key());
            return Replies.text(message, surveying.get());
        }
        String key = Replies.messageKey(message);
        Optional<String> reporting = reports.onText(who, key, text);
        if (reporting.isPresent()) {
            context.put(Replies.INTENT, Intent.REPORT.key());
            return Replies.text(message, reporting.get());
        }
        AskResult result = ask.ask(text, message.getFromUser());
        context.put(Replies.INTENT, result.intent());
        String reply = switch (Intent.valueOf(result.intent().toUpperCase())) {
            case REPORT -> reports.start(who, key, text);
            case STATUS -> reports.status(who, text);
            case QUIZ -> quiz.start(player);
            case SURVEY -> surveys.start(player.appId(), player.openid());
            default -> ResidentMessages.render(result);
        };
        return Replies.text(message, reply);
    }
}
