package org.ruralconsult.tv.box;

/**
 * Switches the TV on and to this box's input when a call rings (HDMI-CEC One Touch Play: {@link CecClientWake}).
 * {@link #wake()} returns at once and never throws: the work happens off the caller's (UI) thread, and a box
 * whose TV does not answer CEC rings as before.
 */
@FunctionalInterface
public interface TvWake {
    void wake();

    /** No CEC: disabled ({@code --cec off}) or no {@code cec-client} on this box. */
    TvWake NONE = () -> {};
}
