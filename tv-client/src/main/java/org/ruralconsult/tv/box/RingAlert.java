package org.ruralconsult.tv.box;

import java.util.Objects;
import java.util.function.Consumer;
import org.ruralconsult.tv.RemoteKey;
import org.ruralconsult.tv.TvScreen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the screens of {@link org.ruralconsult.tv.TvApp} (give it every screen, on one thread, e.g. the UI
 * thread) and rings: the tone starts when a call rings ({@link TvScreen.Ringing}, or an {@link
 * TvScreen.AutoAnswer} still counting) and stops on any other screen (answered, declined, hung up, missed);
 * the TV is woken once per ring (per call id). OK or Back on a ringing screen ({@link #pressed}) stops the
 * tone at once, before the server's answer changes the screen. Neither the tone nor the wake can break the
 * screens: their failures are logged.
 */
public final class RingAlert implements Consumer<TvScreen> {
    private static final Logger LOG = LoggerFactory.getLogger(RingAlert.class);
    private final RingTone tone;
    private final TvWake wake;
    /** The call that rings now; null when nothing rings. */
    private String ringing;

    private boolean toneOn;

    public RingAlert(RingTone tone, TvWake wake) {
        this.tone = Objects.requireNonNull(tone);
        this.wake = Objects.requireNonNull(wake);
    }

    @Override
    public void accept(TvScreen screen) {
        String call = ringingCall(screen);
        if (call == null) {
            ringing = null;
            stopTone();
            return;
        }
        if (!call.equals(ringing)) {
            boolean first = ringing == null;
            ringing = call;
            if (first) {
                startTone();
            }
            safely("wake the TV", wake::wake);
        }
    }

    /** A remote key, before the app handles it: OK (answer) or Back (decline) on a ringing screen silences it. */
    public void pressed(RemoteKey key) {
        if (ringing != null && (key == RemoteKey.OK || key == RemoteKey.BACK)) {
            stopTone();
        }
    }

    /** Whether the tone plays now (for tests and a front end's indicator). */
    public boolean toneOn() {
        return toneOn;
    }

    /** The call id if this screen rings, else null. An auto-answer at 0 s is answering: it no longer rings. */
    static String ringingCall(TvScreen screen) {
        if (screen instanceof TvScreen.Ringing r) {
            return r.callId();
        }
        if (screen instanceof TvScreen.AutoAnswer a && a.secondsLeft() > 0) {
            return a.callId();
        }
        return null;
    }

    private void startTone() {
        if (!toneOn) {
            toneOn = true;
            safely("start the ring tone", tone::start);
        }
    }

    private void stopTone() {
        if (toneOn) {
            toneOn = false;
            safely("stop the ring tone", tone::stop);
        }
    }

    private static void safely(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("could not {}: {}", what, e.toString());
        }
    }
}
