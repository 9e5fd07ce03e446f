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
     * others cannot see or hear.
     */
    record InCall(
            String callId,
            List<Person> others,
            boolean confirmingHangUp,
            String caption,
            boolean cameraMissing,
            boolean microphoneMissing)
            implements TvScreen {
        public InCall {
            others = List.copyOf(others);
        }

        /** Names only, every device working. */
        public InCall(String callId, List<String> names, boolean confirmingHangUp, String caption) {
            this(callId, names.stream().map(Person::named).toList(), confirmingHangUp, caption, false, false);
        }

        public boolean threeWay() {
            return others.size() >= 2;
        }

        @Override
        public String focused() {
            return confirmingHangUp ? "focus.hang_up" : "focus.stay_in_call";
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
