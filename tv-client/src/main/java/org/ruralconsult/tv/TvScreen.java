package org.ruralconsult.tv;

import java.util.List;
import java.util.Objects;

/**
 * What the TV shows: one full screen at a time, always the same few screens, each with one thing
 * focused. A renderer draws these; tests read them. Screens carry data and message keys, never sentences:
 * a front end says them in the elder's language ({@link TvText}).
 */
public sealed interface TvScreen {
    /** The message key of the focused action, which OK triggers; never empty, so something is always focused. */
    String focused();

    /**
     * Someone in a call: a name, and the clinic or hospital when known (null otherwise); {@code id} is their
     * party id when known (null otherwise), the same id the media uses for their video.
     */
    record Person(String name, String organization, String id) {
        public Person {
            Objects.requireNonNull(name);
        }

        public Person(String name, String organization) {
            this(name, organization, null);
        }

        public static Person named(String name) {
            return new Person(name, null);
        }
    }

    /** First start: the code that staff type in to bind this TV to its patient. */
    record Pairing(String code) implements TvScreen {
        @Override
        public String focused() {
            return "focus.waiting_for_clinic";
        }
    }

    /** Nothing going on: one big button to call the doctor. */
    record Home(String patientName, boolean doctorsAvailable) implements TvScreen {
        @Override
        public String focused() {
            return "focus.call_my_doctor";
        }
    }

    /**
     * A call comes in: full screen, who calls and from which clinic ({@code callerOrganization}, null when
     * unknown), OK answers, Back declines.
     */
    record Ringing(String callId, String callerName, String callerOrganization, String reason) implements TvScreen {
        public Ringing(String callId, String callerName, String reason) {
            this(callId, callerName, null, reason);
        }

        @Override
        public String focused() {
            return "focus.answer";
        }
    }

    /**
     * A care-home TV answers by itself: "the doctor is connecting" with the seconds left visible; OK answers
     * at once, Back declines.
     */
    record AutoAnswer(String callId, String callerName, String callerOrganization, String reason, int secondsLeft)
            implements TvScreen {
        public AutoAnswer(String callId, String callerName, String reason, int secondsLeft) {
            this(callId, callerName, null, reason, secondsLeft);
        }

        @Override
        public String focused() {
            return "focus.answer_now";
        }
    }

    /** Calling the doctors; Back cancels. */
    record Calling(String callId) implements TvScreen {
        @Override
        public String focused() {
            return "focus.cancel";
        }
    }

    /**
     * In a call. {@code others}: the first is shown large (the speaker); {@code confirmingHangUp}: Back was
     * pressed once; OK now hangs up and Back again stays, so a slip of the finger does not end a consult.
     * {@code cameraMissing}/{@code microphoneMissing}: the call goes on, and the TV says plainly what the
     * others cannot see or hear. {@code videoPaused}: the relay paused the video towards this TV because
     * its link cannot carry it (audio goes on); OK then chooses audio only. {@code audioOnly}: the TV
     * neither sends nor receives video; OK brings the picture back.
     */
    record InCall(
            String callId,
            List<Person> others,
            boolean confirmingHangUp,
            String caption,
            boolean cameraMissing,
            boolean microphoneMissing,
            boolean videoPaused,
            boolean audioOnly)
            implements TvScreen {
        public InCall {
            others = List.copyOf(others);
        }

        /** Video as it comes (not paused, not audio only). */
        public InCall(
                String callId,
                List<Person> others,
                boolean confirmingHangUp,
                String caption,
                boolean cameraMissing,
                boolean microphoneMissing) {
            this(callId, others, confirmingHangUp, caption, cameraMissing, microphoneMissing, false, false);
        }

        /** Names only, every device working. */
        public InCall(String callId, List<String> names, boolean confirmingHangUp, String caption) {
            this(callId, names.stream().map(Person::named).toList(), confirmingHangUp, caption, false, false);
        }

        public boolean threeWay() {
            return others.size() >= 2;
        }

        public InCall withOthers(List<Person> people) {
            return new InCall(
                    callId,
                    people,
                    confirmingHangUp,
                    caption,
                    cameraMissing,
                    microphoneMissing,
                    videoPaused,
                    audioOnly);
        }

        public InCall withConfirmingHangUp(boolean confirming) {
            return new InCall(
                    callId, others, confirming, caption, cameraMissing, microphoneMissing, videoPaused, audioOnly);
        }

        public InCall withCaption(String text) {
            return new InCall(
                    callId, others, confirmingHangUp, text, cameraMissing, microphoneMissing, videoPaused, audioOnly);
        }

        public InCall withDevicesMissing(boolean camera, boolean microphone) {
            return new InCall(callId, others, confirmingHangUp, caption, camera, microphone, videoPaused, audioOnly);
        }

        public InCall withVideoPaused(boolean paused) {
            return new InCall(
                    callId, others, confirmingHangUp, caption, cameraMissing, microphoneMissing, paused, audioOnly);
        }

        public InCall withAudioOnly(boolean on) {
            return new InCall(
                    callId, others, confirmingHangUp, caption, cameraMissing, microphoneMissing, videoPaused, on);
        }

        /** The paused-video notice is up: the link cannot carry video and audio only is offered. */
        public boolean offersAudioOnly() {
            return videoPaused && !audioOnly;
        }

        @Override
        public String focused() {
            if (confirmingHangUp) return "focus.hang_up";
            if (audioOnly) return "focus.video_again";
            if (videoPaused) return "focus.audio_only";
            return "focus.stay_in_call";
        }
    }

    /** After a consult: a few stars with Left/Right (or a digit 1–5), OK sends, Back skips. */
    record Rating(String callId, int stars) implements TvScreen {
        public static final int MAX_STARS = 5;
        /** The middle, so that any rating is at most two arrows and OK away. */
        public static final int FIRST_STARS = 3;

        @Override
        public String focused() {
            return "focus.send_stars";
        }
    }

    /** A short message by message key (e.g. {@code error.no_one_available}); OK goes home. */
    record Notice(String text) implements TvScreen {
        @Override
        public String focused() {
            return "focus.ok";
        }
    }

    /**
     * A clinician's short text, shown large over {@code behind} (the call) for {@link TvApp#MESSAGE_SECONDS};
     * OK or Back closes it sooner.
     */
    record Message(String from, String text, TvScreen behind) implements TvScreen {
        @Override
        public String focused() {
            return "focus.got_it";
        }
    }

    /** The connection to the clinic is lost and the TV is reconnecting; {@code behind} returns when it is back. */
    record Reconnecting(TvScreen behind) implements TvScreen {
        @Override
        public String focused() {
            return "focus.please_wait";
        }
    }
}
