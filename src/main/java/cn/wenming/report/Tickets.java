package cn.wenming.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket numbers as residents hold them: {@code WM} + yyMMdd + the day's sequence (the stored
 * {@code ticket_no}, also Open311's public id), then a hyphen and a four-letter check code drawn at
 * random when the report is stored, e.g. {@code WM2506150007-KQXT}. The sequence can be counted; the
 * code cannot, so a resident presenting a ticket (chat "查询", H5 pages) must present the code too.
 * Staff pages accept either form.
 */
final class Tickets {

    /** A ticket in a resident's text: the code may follow with a hyphen, a space or nothing. */
    static final Pattern PRESENTED = Pattern.compile("WM(\\d{10,})(?:[-\\s]?([A-Z]{4}))?",
            Pattern.CASE_INSENSITIVE);

    /** A ticket the resident wrote: {@code base} is the stored ticket_no, {@code code} null when missing. */
    record Presented(String base, String code) {

        boolean hasCode() {
            return code != null;
        }
    }

    private Tickets() {
    }

    /** The first ticket number anywhere in the text. */
    static Optional<Presented> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = PRESENTED.matcher(text);
        return m.find() ? Optional.of(presented(m)) : Optional.empty();
    }

    /** The text as one ticket number and nothing else (a form field, a URL part). */
    static Optional<Presented> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = PRESENTED.matcher(text.strip());
        return m.matches() ? Optional.of(presented(m)) : Optional.empty();
    }

    /** What the resident is shown and must give back. */
    static String full(String ticketNo, String checkCode) {
        return checkCode == null ? ticketNo : ticketNo + "-" + checkCode;
    }

    static String full(ReportRepository.Row row) {
        return full(row.ticketNo(), row.checkCode());
    }

    /** Whether the presented ticket names this report, check code included (compared in constant time). */
    static boolean matches(Presented presented, ReportRepository.Row row) {
        return presented.hasCode() && row.checkCode() != null && presented.base().equals(row.ticketNo())
                && MessageDigest.isEqual(presented.code().getBytes(StandardCharsets.US_ASCII),
                        row.checkCode().getBytes(StandardCharsets.US_ASCII));
    }

    /** The stored ticket_no a staff member means, whether they typed the code or not. */
    static String staffTicket(String text) {
        return parse(text).map(Presented::base).orElse(text == null ? null : text.strip().toUpperCase(Locale.ROOT));
    }

    private static Presented presented(Matcher m) {
        String code = m.group(2);
        return new Presented("WM" + m.group(1), code == null ? null : code.toUpperCase(Locale.ROOT));
    }
}
