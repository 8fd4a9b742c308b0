package cn.wenming.report;

/** What became of a submission. */
public sealed interface SubmitOutcome {

    /**
     * Stored with its first history entry; {@code deadline} is the category's handling time.
     * {@code ticketNo} is the stored number (Open311's id); {@code residentTicket} adds the check code,
     * and is what a resident is shown.
     */
    record Created(String ticketNo, String categoryName, String unitName, String deadline, String residentTicket)
            implements SubmitOutcome {
    }

    /**
     * An open report of the same category lies close by: the resident may follow it instead, for a
     * while ({@link ReportService#FOLLOW_OFFER_TTL}). {@code ticketNo} is the resident form, with check code.
     */
    record NearbyOpen(String ticketNo, String categoryName, int metres) implements SubmitOutcome {
    }

    /** The resident reached the daily limit. */
    record RateLimited(int limit) implements SubmitOutcome {
    }

    /** Something is missing or wrong; {@code message} is a Chinese sentence saying what to do. */
    record Invalid(String field, String message) implements SubmitOutcome {
    }
}
