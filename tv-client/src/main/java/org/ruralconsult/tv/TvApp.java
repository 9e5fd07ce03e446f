package org.ruralconsult.tv;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The TV's behaviour: remote keys and server news in, one full screen out. Every screen has exactly one
 * focused action that OK triggers, and Back always means "no" or "go back", so an elder needs two keys.
 * The server owns the call; this only asks ({@link TvActions}) and shows what the server says.
 *
 * <p>Not thread-safe: the caller serialises keys and server news on one thread (the UI thread).
 */
public final class TvApp {
    private final TvActions actions;
    private final Consumer<TvScreen> display;
    private TvScreen screen;
    private String patientName = "";
    private boolean connectionLost;

    public TvApp(TvActions actions, Consumer<TvScreen> display) {
        this.actions = Objects.requireNonNull(actions);
        this.display = Objects.requireNonNull(display);
        show(new TvScreen.Notice("Starting…"));
    }

    public TvScreen screen() {
        return screen;
    }

    private void show(TvScreen next) {
        screen = next;
        display.accept(next);
    }

    // ---- server news ----

    public void pairingCode(String code) {
        show(new TvScreen.Pairing(code));
    }

    /** Signed in as the TV of this patient (after pairing, or at start with a stored device token). */
    public void signedIn(String patientName) {
        this.patientName = patientName;
        show(new TvScreen.Home(patientName, true));
    }

    /** This TV is rung for a call. */
    public void ringing(String callId, String callerName, String reason) {
        if (!(screen instanceof TvScreen.InCall)) {
            show(new TvScreen.Ringing(callId, callerName, reason));
        }
    }

    /** The server placed our "call my doctor" call and it is ringing. */
    public void calling(String callId) {
        show(new TvScreen.Calling(callId));
    }

    /** The call is live with these other participants (names). */
    public void inCall(String callId, List<String> others) {
        String caption = screen instanceof TvScreen.InCall c && c.callId().equals(callId) ? c.caption() : null;
        boolean confirming = screen instanceof TvScreen.InCall c && c.callId().equals(callId) && c.confirmingHangUp();
        show(new TvScreen.InCall(callId, others, confirming, caption));
    }

    /** A live caption line to show at the bottom (at most two lines are shown). */
    public void caption(String text) {
        if (screen instanceof TvScreen.InCall c) {
            show(new TvScreen.InCall(c.callId(), c.others(), c.confirmingHangUp(), text));
        }
    }

    /** The call is over. A consult that took place asks for stars; one that never started goes home. */
    public void callEnded(String callId, boolean wasLive) {
        if (wasLive) {
            show(new TvScreen.Rating(callId, 5));
        } else if (screen instanceof TvScreen.Ringing r && r.callId().equals(callId)
                || screen instanceof TvScreen.Calling c && c.callId().equals(callId)) {
            show(new TvScreen.Home(patientName, true));
        }
    }

    /**
     * The link to the clinic dropped; the session reconnects by itself. A call or the stars stay on screen
     * (the renderer shows {@link #isConnectionLost()} as a banner); elsewhere a plain notice says so.
     */
    public void connectionLost() {
        connectionLost = true;
        if (screen instanceof TvScreen.InCall || screen instanceof TvScreen.Rating) {
            show(screen);
        } else {
            show(new TvScreen.Notice(ElderWords.of("reconnecting")));
        }
    }

    /** The link is back (signed in again); the reconnecting notice gives way to the home screen. */
    public void connectionRestored() {
        if (!connectionLost) {
            return;
        }
        connectionLost = false;
        if (screen instanceof TvScreen.Notice n && n.text().equals(ElderWords.of("reconnecting"))) {
            show(new TvScreen.Home(patientName, true));
        } else {
            show(screen);
        }
    }

    /** Whether the link to the clinic is down now (reconnecting). */
    public boolean isConnectionLost() {
        return connectionLost;
    }

    /** The server refused something; say so plainly and let OK go home. */
    public void problem(String text) {
        show(new TvScreen.Notice(text));
    }

    // ---- remote keys ----

    public void press(RemoteKey key) {
        TvScreen s = screen;
        if (s instanceof TvScreen.Home) {
            if (key == RemoteKey.OK) {
                actions.callMyDoctor();
            }
        } else if (s instanceof TvScreen.Ringing r) {
            if (key == RemoteKey.OK) {
                actions.accept(r.callId());
            } else if (key == RemoteKey.BACK) {
                actions.decline(r.callId());
                show(new TvScreen.Home(patientName, true));
            }
        } else if (s instanceof TvScreen.Calling c) {
            if (key == RemoteKey.BACK || key == RemoteKey.OK) {
                actions.cancel(c.callId());
                show(new TvScreen.Home(patientName, true));
            }
        } else if (s instanceof TvScreen.InCall c) {
            pressInCall(c, key);
        } else if (s instanceof TvScreen.Rating r) {
            pressInRating(r, key);
        } else if (s instanceof TvScreen.Notice) {
            if (key == RemoteKey.OK || key == RemoteKey.BACK) {
                show(new TvScreen.Home(patientName, true));
            }
        }
        // Pairing: nothing to press; the clinic does the rest.
    }

    private void pressInCall(TvScreen.InCall c, RemoteKey key) {
        if (!c.confirmingHangUp()) {
            if (key == RemoteKey.BACK) {
                show(new TvScreen.InCall(c.callId(), c.others(), true, c.caption()));
            }
            return;
        }
        if (key == RemoteKey.OK) {
            actions.hangUp(c.callId());
        } else if (key == RemoteKey.BACK || key == RemoteKey.UP || key == RemoteKey.DOWN) {
            show(new TvScreen.InCall(c.callId(), c.others(), false, c.caption()));
        }
    }

    private void pressInRating(TvScreen.Rating r, RemoteKey key) {
        int digit = key.digit();
        if (key == RemoteKey.LEFT) {
            show(new TvScreen.Rating(r.callId(), Math.max(1, r.stars() - 1)));
        } else if (key == RemoteKey.RIGHT) {
            show(new TvScreen.Rating(r.callId(), Math.min(TvScreen.Rating.MAX_STARS, r.stars() + 1)));
        } else if (digit >= 1 && digit <= TvScreen.Rating.MAX_STARS) {
            show(new TvScreen.Rating(r.callId(), digit));
        } else if (key == RemoteKey.OK) {
            actions.rate(r.callId(), r.stars());
            show(new TvScreen.Home(patientName, true));
        } else if (key == RemoteKey.BACK) {
            show(new TvScreen.Home(patientName, true));
        }
    }
}
