package cn.wenming.volunteer;

/** Something a volunteer or organizer asked that cannot be done; the message is the Chinese sentence to show. */
class VolunteerRefused extends RuntimeException {

    VolunteerRefused(String message) {
        super(message);
    }
}
