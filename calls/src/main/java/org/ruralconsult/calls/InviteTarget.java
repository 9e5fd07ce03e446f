package org.ruralconsult.calls;

/**
 * Whom to invite into a live call: a named county expert, or (expertId null) the on-duty experts of a
 * specialty, rung together.
 */
public record InviteTarget(String expertId, String specialty) {
    public static InviteTarget expert(String expertId) {
        return new InviteTarget(expertId, null);
    }

    public static InviteTarget specialty(String specialty) {
        return new InviteTarget(null, specialty);
    }
}
