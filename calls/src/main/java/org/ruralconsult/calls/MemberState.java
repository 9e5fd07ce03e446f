package org.ruralconsult.calls;

/** Where one party stands in a call. */
public enum MemberState {
    /** Being rung; {@link CallMember#ringDeadline()} says until when. */
    RINGING,
    /** In the call (the caller from the start, others once they accepted). */
    JOINED,
    /** Was joined, lost the connection; may resume until {@link CallMember#graceDeadline()}. */
    DISCONNECTED,
    LEFT,
    DECLINED,
    /** Stopped ringing: someone else of the same ring group answered, or the call was cancelled or ended. */
    RING_CANCELLED,
    /** Rang until the timeout without an answer. */
    MISSED;

    /** In the call right now, or allowed to come back within the grace period. */
    public boolean present() {
        return this == JOINED || this == DISCONNECTED;
    }
}
