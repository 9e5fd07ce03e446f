package org.ruralconsult.calls;

/** What others see of a practitioner or TV. */
public enum PresenceState {
    ONLINE,
    /** Online and in a call. */
    BUSY,
    OFFLINE
}
