package cn.wenming.inspection;

/**
 * One thing an inspector checks at a point, as config/points/types.yml gives it.
 *
 * @param judge         pass-fail, or count (the inspector counts what they find)
 * @param weight        1–5: how much the item counts in the point's score
 * @param allowed       count items: at most this many is 合格
 * @param deduct        count items: points off the weight per counted problem (never below 0)
 * @param category      the 随手拍 category a 不合格 becomes
 * @param source        where the requirement comes from (shown to staff)
 */
public record ChecklistItem(String code, String text, Judge judge, int weight, boolean photoRequired, String category,
        Integer deadlineHours, Integer deadlineWorkingDays, int allowed, int deduct, String source) {

    public enum Judge {
        PASS_FAIL, COUNT
    }

    public String deadlineText() {
        return deadlineHours != null ? deadlineHours + "小时" : deadlineWorkingDays + "个工作日";
    }
}
