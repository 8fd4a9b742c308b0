package cn.wenming.report;

import cn.wenming.conversation.ChatOffer;
import cn.wenming.conversation.Turn;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The rating offer of a handled report: "1" 满意, "2" 基本满意, "3" 不满意, while the offer stands. */
@Component
class RatingFlow implements ChatOffer {

    private final ReportWorkflow workflow;

    RatingFlow(ReportWorkflow workflow) {
        this.workflow = workflow;
    }

    @Override
    public String name() {
        return RatingOffers.NAME;
    }

    @Override
    public Optional<String> exactReply(Turn turn, boolean open) {
        Optional<String> ticket = turn.state(name()).get(RatingOffers.TICKET);
        for (Rating rating : Rating.values()) {
            if (ticket.isPresent() && turn.is(rating.command())) {
                turn.state(name()).clear();
                try {
                    return Optional.of(workflow.rate(ticket.get(), turn.openid(), rating));
                } catch (WorkflowException e) {
                    return Optional.of(e.getMessage());
                }
            }
        }
        return Optional.empty();
    }
}
