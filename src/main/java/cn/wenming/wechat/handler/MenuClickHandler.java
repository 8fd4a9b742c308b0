package cn.wenming.wechat.handler;

import cn.wenming.ask.Intent;
import cn.wenming.ask.ResidentMessages;
import cn.wenming.quiz.QuizChat;
import cn.wenming.report.ReportChat;
import cn.wenming.survey.SurveyChat;
import java.util.Map;
import me.chanjar.weixin.common.session.WxSessionManager;
import me.chanjar.weixin.mp.api.WxMpMessageHandler;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.springframework.stereotype.Component;

/** A CLICK on the custom menu: its key (config/menu.json) names the feature the resident wants. */
@Component
public class MenuClickHandler implements WxMpMessageHandler {

    private final ReportChat reports;
    private final QuizChat quiz;
    private final SurveyChat surveys;

    MenuClickHandler(ReportChat reports, QuizChat quiz, SurveyChat surveys) {
        this.surveys = surveys;
        this.reports = reports;
        this.quiz = quiz;
    }

    @Override
    public WxMpXmlOutMessage handle(WxMpXmlMessage message, Map<String, Object> context, WxMpService service,
            WxSessionManager sessions) {
        Intent intent = Intent.fromMenuKey(message.getEventKey());
        context.put(Replies.INTENT, intent.key());
        ReportChat.Resident who = Replies.resident(message, context);
        String reply = switch (intent) {
            case REPORT -> reports.start(who, Replies.messageKey(message), null);
            case STATUS -> reports.status(who, null);
            case QUIZ -> quiz.start(Replies.player(message, context));
            case SURVEY -> surveys.start(who.appId(), who.openid());
            default -> ResidentMessages.forIntent(intent);
        };
        return Replies.text(message, reply);
    }
}
