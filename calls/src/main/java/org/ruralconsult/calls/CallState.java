package org.ruralconsult.calls;

/** The life of a call: it rings, it is live, it is over. */
public enum CallState {
    RINGING,
    ACTIVE,
    ENDED
}
