package org.ruralconsult.tv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The TV's behaviour: remote keys and server news in, one full screen out. Every screen has exactly one
 * focused action that OK triggers, and Back always means "no" or "go back", so an elder needs two keys.
 * The server owns the call; this only asks ({@link TvActions}) and shows what the server says.
 *
 * <p>Not thread-safe: the caller serialises keys, server news and {@link TvTimers} tasks on one thread
 * (the UI thread).
 */
public final class TvApp {
    /** How long a clinician's text message stays on screen. */
    public static final int MESSAGE_SECONDS = 15;

    private final TvActions actions;
    private final Consumer<TvScreen> display;
    private final TvTimers timers;
    private TvScreen screen;
    private String patientName = "";
    private boolean cameraMissing;
    private boolean microphoneMissing;
    private Runnable cancelMessageTimer = () -> {};
    private Runnable cancelCountdown = () -> {};

    /** Without timers: an auto-answer countdown and a message then wait for keys. */
    public TvApp(TvActions actions, Consumer<TvScreen> display) {
        this(actions, display, TvTimers.NONE);
    }

    public TvApp(TvActions actions, Consumer<TvScreen> display, TvTimers timers) {
        this.actions = Objects.requireNonNull(actions);
        this.display = Objects.requireNonNull(display);
        this.timers = Objects.requireNonNull(timers);
        show(new TvScreen.Notice("notice.starting"));
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
        ringing(callId, TvScreen.Person.named(callerName), reason);
    }

    /** This TV is rung for a call by {@code caller} (name and clinic). */
    public void ringing(String callId, TvScreen.Person caller, String reason) {
        if (!(call() instanceof TvScreen.InCall)
                && !(screen instanceof TvScreen.AutoAnswer a && a.callId().equals(callId))) {
            show(new TvScreen.Ringing(callId, caller.name(), caller.organization(), reason));
        }
    }

    /**
     * A care-home TV is rung and answers by itself after {@code seconds}, counting down on screen ("the
     * doctor is connecting"); OK answers at once, Back declines. Needs {@link TvTimers} to count.
     */
    public void autoAnswer(String callId, String callerName, String reason, int seconds) {
        autoAnswer(callId, TvScreen.Person.named(callerName), reason, seconds);
    }

    /** As {@link #autoAnswer(String, String, String, int)}, with the caller's clinic or care home. */
    public void autoAnswer(String callId, TvScreen.Person caller, String reason, int seconds) {
        if (call() instanceof TvScreen.InCall) {
            return;
        }
        if (seconds <= 0) {
            actions.accept(callId);
            return;
        }
        show(new TvScreen.AutoAnswer(callId, caller.name(), caller.organization(), reason, seconds));
        scheduleTick(callId);
    }

    private void scheduleTick(String callId) {
        cancelCountdown.run();
        cancelCountdown = timers.after(Duration.ofSeconds(1), () -> {
            if (screen instanceof TvScreen.AutoAnswer a && a.callId().equals(callId)) {
                if (a.secondsLeft() <= 1) {
                    show(new TvScreen.AutoAnswer(callId, a.callerName(), a.callerOrganization(), a.reason(), 0));
                    actions.accept(callId);
                } else {
                    show(new TvScreen.AutoAnswer(
                            callId, a.callerName(), a.callerOrganization(), a.reason(), a.secondsLeft() - 1));
                    scheduleTick(callId);
                }
            }
        });
    }

    /** The server placed our "call my doctor" call and it is ringing. */
    public void calling(String callId) {
        show(new TvScreen.Calling(callId));
    }

    /** The call is live with these other participants (names). */
    public void inCall(String callId, List<String> others) {
        inCallWith(callId, others.stream().map(TvScreen.Person::named).toList());
    }

    /**
     * The call is live with these other participants (name and organization). The one speaking stays
     * first (large) if still there.
     */
    public void inCallWith(String callId, List<TvScreen.Person> others) {
        cancelCountdown.run();
        TvScreen.InCall now = call() instanceof TvScreen.InCall c && c.callId().equals(callId) ? c : null;
        List<TvScreen.Person> ordered = new ArrayList<>(others);
        if (now != null
                && !now.others().isEmpty()
                && ordered.remove(now.others().get(0))) {
            ordered.add(0, now.others().get(0));
        }
        showCall(
                now != null
                        ? now.withOthers(ordered).withDevicesMissing(cameraMissing, microphoneMissing)
                        : new TvScreen.InCall(callId, ordered, false, null, cameraMissing, microphoneMissing));
    }

    /**
     * The person now speaking (chosen by the media layer, after a clear lead): shown large in a three-way
     * call. Matched by party id ({@link TvScreen.Person#id()}) when someone has that id, else by name.
     */
    public void speaking(String idOrName) {
        if (call() instanceof TvScreen.InCall c) {
            boolean byId = c.others().stream().anyMatch(p -> idOrName.equals(p.id()));
            List<TvScreen.Person> ordered = new ArrayList<>(c.others());
            for (TvScreen.Person p : c.others()) {
                boolean match = byId ? idOrName.equals(p.id()) : p.name().equals(idOrName);
                if (match && ordered.indexOf(p) != 0) {
                    ordered.remove(p);
                    ordered.add(0, p);
                    showCall(c.withOthers(ordered));
                    return;
                }
            }
        }
    }

    /** A live caption line to show at the bottom (at most two lines are shown). */
    public void caption(String text) {
        if (call() instanceof TvScreen.InCall c) {
            showCall(c.withCaption(text));
        }
    }

    /**
     * Which of this box's devices are missing (from the media layer); the call goes on with what works and
     * the call screen says plainly what the others cannot see or hear.
     */
    public void devicesMissing(boolean camera, boolean microphone) {
        cameraMissing = camera;
        microphoneMissing = microphone;
        if (call() instanceof TvScreen.InCall c) {
            showCall(c.withDevicesMissing(camera, microphone));
        }
    }

    /**
     * The relay paused the video towards this TV for bandwidth ({@code paused}), or sends it again. Sound
     * goes on either way; while paused the call screen says so in a few large words and OK offers audio
     * only.
     */
    public void videoPaused(String callId, boolean paused) {
        if (call() instanceof TvScreen.InCall c && c.callId().equals(callId) && c.videoPaused() != paused) {
            showCall(c.withVideoPaused(paused));
        }
    }

    /** A clinician's short text: shown large for {@link #MESSAGE_SECONDS} over what is on screen. */
    public void showMessage(String from, String text) {
        TvScreen behind = screen instanceof TvScreen.Message m ? m.behind() : screen;
        cancelMessageTimer.run();
        show(new TvScreen.Message(from, text, behind));
        cancelMessageTimer = timers.after(Duration.ofSeconds(MESSAGE_SECONDS), this::closeMessage);
    }

    private void closeMessage() {
        cancelMessageTimer.run();
        cancelMessageTimer = () -> {};
        if (screen instanceof TvScreen.Message m) {
            show(m.behind());
        }
    }

    /** The connection to the server is lost; the driver reconnects. Keys wait until it is back. */
    public void connectionLost() {
        if (!(screen instanceof TvScreen.Reconnecting)) {
            TvScreen behind = screen instanceof TvScreen.Message m ? m.behind() : screen;
            cancelMessageTimer.run();
            show(new TvScreen.Reconnecting(behind));
        }
    }

    /**
     * Connected again: the screen from before comes back (the server's news then brings it up to date;
     * a revoked token is a {@link #pairingCode} instead).
     */
    public void connectionRestored() {
        if (screen instanceof TvScreen.Reconnecting r) {
            show(r.behind());
        }
    }

    /** The call screen under a message or the reconnecting notice, else the screen. */
    private TvScreen call() {
        if (screen instanceof TvScreen.Message m) {
            return m.behind();
        }
        if (screen instanceof TvScreen.Reconnecting r) {
            return r.behind();
        }
        return screen;
    }

    /** Shows a call screen, under a message that is up (the message stays). */
    private void showCall(TvScreen.InCall c) {
        if (screen instanceof TvScreen.Message m) {
            show(new TvScreen.Message(m.from(), m.text(), c));
        } else {
            show(c);
        }
    }

    /** The call is over. A consult that took place asks for stars; one that never started goes home. */
    public void callEnded(String callId, boolean wasLive) {
        cancelMessageTimer.run();
        cancelCountdown.run();
        if (wasLive) {
            show(new TvScreen.Rating(callId, TvScreen.Rating.FIRST_STARS));
        } else if (screen instanceof TvScreen.Ringing r && r.callId().equals(callId)
                || screen instanceof TvScreen.AutoAnswer a && a.callId().equals(callId)
                || screen instanceof TvScreen.Message m && !(m.behind() instanceof TvScreen.InCall)
                || screen instanceof TvScreen.Calling c && c.callId().equals(callId)) {
            show(new TvScreen.Home(patientName, true));
        }
    }

    /** The server refused something; say so plainly (a message key, e.g. from ElderWords) and let OK go home. */
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
        } else if (s instanceof TvScreen.AutoAnswer a) {
            if (key == RemoteKey.OK) {
                cancelCountdown.run();
                actions.accept(a.callId());
            } else if (key == RemoteKey.BACK) {
                cancelCountdown.run();
                actions.decline(a.callId());
                show(new TvScreen.Home(patientName, true));
            }
        } else if (s instanceof TvScreen.Message) {
            if (key == RemoteKey.OK || key == RemoteKey.BACK) {
                closeMessage();
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
        // Pairing: nothing to press; the clinic does the rest. Reconnecting: keys wait for the connection.
        // Volume keys belong to the box's mixer.
    }

    private void pressInCall(TvScreen.InCall c, RemoteKey key) {
        if (!c.confirmingHangUp()) {
            if (key == RemoteKey.BACK) {
                show(c.withConfirmingHangUp(true));
            } else if (key == RemoteKey.OK && (c.offersAudioOnly() || c.audioOnly())) {
                // the focused action: "sound only" while video is paused, "picture again" in audio only
                boolean on = !c.audioOnly();
                actions.audioOnly(c.callId(), on);
                show(c.withAudioOnly(on));
            }
            return;
        }
        if (key == RemoteKey.OK) {
            actions.hangUp(c.callId());
        } else if (key == RemoteKey.BACK || key == RemoteKey.UP || key == RemoteKey.DOWN) {
            show(c.withConfirmingHangUp(false));
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
