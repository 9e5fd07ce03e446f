package org.ruralconsult.tv;

import java.time.Duration;

/**
 * Timers for {@link TvApp} (the auto-answer countdown, a message's 15 s): the driver runs each task on
 * the same thread as keys and server news, so {@link TvApp} stays single-threaded.
 */
@FunctionalInterface
public interface TvTimers {
    /** Runs {@code task} once after {@code delay}; the returned runnable cancels it. */
    Runnable after(Duration delay, Runnable task);

    /** No timers: countdowns and messages wait for keys (for drivers that have none yet). */
    TvTimers NONE = (delay, task) -> () -> {};
}
