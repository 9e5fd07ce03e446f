package org.ruralconsult.domain.event;

/** How a call ended. Only {@link #COMPLETED} calls were ever live. */
public enum CallOutcome {
    COMPLETED,
    MISSED,
    CANCELLED,
    DECLINED
}
