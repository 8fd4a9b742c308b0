package cn.wenming.survey;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of a survey. Questions feed a rate through {@code rate}; {@code favourable} names the
 * option codes that count for it and {@code excluded} those that are not valid answers.
 */
public record SurveyDefinition(String id, int version, String title, String intro, OffsetDateTime starts,
        OffsetDateTime ends, boolean anonymous, Eligibility eligibility, int quotaPerCommunity,
        List<Question> questions) {

    public enum Eligibility { ANY, BOUND_COMMUNITY }

    public enum Type { SINGLE, MULTIPLE, SCALE, NUMBER, TEXT, LONGTEXT;

        public boolean closed() {
            return this == SINGLE || this == MULTIPLE || this == SCALE;
        }
    }

    /** The four rates the campaign is judged by. */
    public enum Rate {
        AWARENESS("知晓率"), SUPPORT("支持率"), PARTICIPATION("参与率"), SATISFACTION("满意率");

        private final String label;

        Rate(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Option(String code, String label) {
    }

    /** Shown only when the answer to {@code question} contains one of {@code any}. */
    public record ShowIf(String question, Set<String> any) {
    }

    public record Question(String code, Type type, String text, boolean required, List<Option> options,
            Integer min, Integer max, boolean randomize, ShowIf showIf, Rate rate, Set<String> favourable,
            Set<String> excluded) {

        public Optional<Option> option(String code) {
            return options.stream().filter(o -> o.code().equals(code)).findFirst();
        }

        /** Whether this question is shown, given the answers so far (codes by question). */
        public boolean visible(Map<String, String> answers) {
            if (showIf == null) {
                return true;
            }
            String earlier = answers.get(showIf.question());
            return earlier != null && List.of(earlier.split(",")).stream().anyMatch(showIf.any()::contains);
        }
    }

    public Optional<Question> question(String code) {
        return questions.stream().filter(q -> q.code().equals(code)).findFirst();
    }

    /** True when every question is closed and there are at most five: answerable with numbers in the chat. */
    public boolean fitsChat() {
        return questions.size() <= 5 && questions.stream().allMatch(q -> q.type().closed());
    }

    public boolean openAt(OffsetDateTime now) {
        return !now.isBefore(starts) && now.isBefore(ends);
    }

    /** Problems that make the definition unusable; empty when it is fine. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        if (questions.isEmpty()) {
            out.add(id + "：没有题目");
        }
        if (!ends.isAfter(starts)) {
            out.add(id + "：结束时间须晚于开始时间");
        }
        for (Question q : questions) {
            String where = id + " " + q.code() + "：";
            if (!codes.add(q.code())) {
                out.add(where + "题号重复");
            }
            if (q.type().closed() && q.options().size() < 2) {
                out.add(where + "选择题至少要有2个选项");
            }
            Set<String> optionCodes = new HashSet<>();
            q.options().forEach(o -> {
                if (!optionCodes.add(o.code())) {
                    out.add(where + "选项代码重复 " + o.code());
                }
            });
            if (q.type() == Type.MULTIPLE && q.min() != null && q.max() != null && q.min() > q.max()) {
                out.add(where + "最少选择数大于最多选择数");
            }
            if (q.rate() != null && (q.favourable().isEmpty() || !optionCodes.containsAll(q.favourable()))) {
                out.add(where + "计入" + q.rate().label() + "的题须列出有效的认可选项");
            }
            if (!optionCodes.containsAll(q.excluded())) {
                out.add(where + "无效选项代码不在选项中");
            }
            if (q.showIf() != null && !codes.contains(q.showIf().question())) {
                out.add(where + "显示条件须引用前面的题目");
            }
        }
        return out;
    }
}
