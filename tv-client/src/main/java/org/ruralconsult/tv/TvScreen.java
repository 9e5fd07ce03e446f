package org.ruralconsult.tv;

import java.util.List;

/**
 * What the TV shows: one full screen at a time, always the same few screens, each with one thing
 * focused. A renderer draws these; tests read them. Texts are short and say what the OK key does.
 */
public sealed interface TvScreen {
    /** The label of the focused action, which OK triggers; never empty, so something is always focused. */
    String focused();

    /** First start: the code that staff type in to bind this TV to its patient. */
    record Pairing(String code) implements TvScreen {
        @Override
        public String focused() {
            return "Waiting for the clinic";
        }
    }

    /** Nothing going on: one big button to call the doctor. */
    record Home(String patientName, boolean doctorsAvailable) implements TvScreen {
        @Override
        public String focused() {
            return "Call my doctor";
        }
    }

    /** A call comes in: full screen, OK answers, Back declines. */
    record Ringing(String callId, String callerName, String reason) implements TvScreen {
        @Override
        public String focused() {
            return "Answer";
        }
    }

    /** Calling the doctors; Back cancels. */
    record Calling(String callId) implements TvScreen {
        @Override
        public String focused() {
            return "Cancel";
        }
    }

    /**
     * In a call. {@code confirmingHangUp}: Back was pressed once; OK now hangs up and Back again stays, so
     * a slip of the finger does not end a consult.
     */
    record InCall(String callId, List<String> others, boolean confirmingHangUp, String caption) implements TvScreen {
        public InCall {
            others = List.copyOf(others);
        }

        @Override
        public String focused() {
            return confirmingHangUp ? "Hang up" : "Stay in the call";
        }
    }

    /** After a consult: a few stars with Left/Right (or a digit 1–5), OK sends, Back skips. */
    record Rating(String callId, int stars) implements TvScreen {
        public static final int MAX_STARS = 5;

        @Override
        public String focused() {
            return "Send " + stars + " of " + MAX_STARS + " stars";
        }
    }

    /** A short message (e.g. "No doctor is on duty now"); OK goes home. */
    record Notice(String text) implements TvScreen {
        @Override
        public String focused() {
            return "OK";
        }
    }
}
