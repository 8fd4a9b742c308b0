package cn.wenming.report;

import java.util.List;

/**
 * One kind of problem residents can report (config/report-categories.yml).
 *
 * @param deadline how long the responsible unit has, from 签收
 * @param publishPhotos whether the public board (/h5/board) may show this category's before/after photos
 */
public record ReportCategory(String code, String name, String kind, String group, String unitType,
        List<String> keywords, Deadline deadline, boolean photoRequired, boolean publishPhotos) {

    /** Either a number of hours or a number of working days (the holiday calendar decides which days work). */
    public record Deadline(Integer hours, Integer workingDays) {

        public String describe() {
            return hours != null ? hours + "小时" : workingDays + "个工作日";
        }
    }
}
