package cn.wenming.report;

import cn.wenming.ask.Intent;
import cn.wenming.conversation.ChatFlow;
import cn.wenming.conversation.Turn;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The rating offer of a handled report: "1" 满意, "2" 基本满意, "3" 不满意, while the offer stands. */
@Component
class RatingFlow implements ChatFlow {

    private final ReportWorkflow workflow;

    RatingFlow(ReportWorkflow workflow) {
        this.workflow = workflow;
    }

    @Override
    public String name() {
        return RatingOffers.NAME;
    }

    @Override
    public List<Intent> intents() {
        return List.of();
    }

    @Override
    public boolean offer() {
        return true;
    }

    @Override
    public String serve(Intent intent, Turn turn) {
        throw new UnsupportedOperationException("A rating is offered by the workflow, never asked for");
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

    @Override
    public String freeText(Turn turn) {
        throw new UnsupportedOperationException("An offer is never the open flow");
    }

    @Override
    public Optional<String> reminder(Turn turn) {
        return Optional.empty();
    }
}
