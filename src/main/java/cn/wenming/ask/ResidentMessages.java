package cn.wenming.ask;

import java.util.List;

/**
 * Everything the assistant says to residents, in one place: short enough for a phone screen, and
 * honest about features that are not open yet.
 */
public final class ResidentMessages {

    public static final String WELCOME = """
            欢迎关注！我是文明创建小助手，可以帮您：
            1. 问知识：直接发问题，如“垃圾分为哪几类”
            2. 随手拍：发照片或回复“随手拍”举报不文明行为
            3. 答题：回复“答题”参加文明知识答题
            4. 问卷：回复“问卷”参加满意度调查""";
    public static final String HELP = "我能看懂文字和语音。请直接发问题，比如“文明养犬要注意什么”；举报问题请发照片或回复“随手拍”。";
    public static final String VOICE_NOT_RECOGNISED = "抱歉，没听清您的语音。请打字发送您的问题，我来为您解答。";
    public static final String BUSY = "系统有点忙，请稍后再发一次您的问题。";
    static final String NOTHING_MORE = "关于这个问题，我暂时只知道这些。您可以换个问题问我，或拨打12345市民服务热线咨询。";
    static final String DECLINE = "抱歉，这个问题我还答不上来。您可以换个说法再问，比如“垃圾分为哪几类”；"
            + "城市管理问题可拨打12345，也可回复“人工”转人工客服。";

    private ResidentMessages() {
    }

    /** The chat text for an ask result. */
    public static String render(AskResult result) {
        return switch (Intent.valueOf(result.intent().toUpperCase())) {
            case KNOWLEDGE -> result.answered() ? result.answer()
                    : result.followUp() ? related(result.suggestions()) : suggestions(result.suggestions());
            case GREETING -> "您好！我是文明创建小助手。可以直接问我创文应知应会知识，比如“核心价值观是什么”。";
            case REPORT -> "遇到不文明行为或城市问题，请在微信里回复“随手拍”，或直接发送照片和位置举报。";
            case QUIZ -> "在公众号回复“答题”即可参加文明知识答题，回复“练习”可不计分练习。";
            case SURVEY -> "在公众号回复“问卷”即可参加满意度调查，感谢您关心文明城市创建！";
            case STATUS -> "在微信里回复“进度”可查看您的随手拍办理情况。";
            case UNKNOWN -> result.suggestions().isEmpty() ? DECLINE : suggestions(result.suggestions());
        };
    }

    /** The chat text for a feature chosen from the menu. */
    public static String forIntent(Intent intent) {
        return intent == Intent.KNOWLEDGE || intent == Intent.UNKNOWN ? HELP : render(AskResult.forIntent(intent));
    }

    private static String suggestions(List<AskResult.Suggestion> suggestions) {
        return numbered("您是不是想问：", suggestions);
    }

    private static String related(List<AskResult.Suggestion> related) {
        return related.isEmpty() ? NOTHING_MORE : numbered("您可能还想了解：", related);
    }

    private static String numbered(String lead, List<AskResult.Suggestion> questions) {
        StringBuilder text = new StringBuilder(lead);
        for (int i = 0; i < questions.size(); i++) {
            text.append('\n').append(i + 1).append(". ").append(questions.get(i).question());
        }
        return text.append("\n回复数字查看答案。").toString();
    }
}
