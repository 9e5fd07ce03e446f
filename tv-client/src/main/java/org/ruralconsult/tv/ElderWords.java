package org.ruralconsult.tv;

import java.util.Map;

/** Server error codes said plainly, as an elder should read them on the TV. */
final class ElderWords {
    private static final Map<String, String> WORDS = Map.of(
            "no_one_available", "No doctor is on duty right now. Please try again later.",
            "already_answered", "Another person already answered.",
            "illegal_state", "This call has already ended.",
            "forbidden", "This TV cannot do that.",
            "unreachable", "The TV cannot reach the clinic. Check the network cable.",
            "reconnecting", "The connection to the clinic was lost. The TV is reconnecting, please wait.",
            "unauthorized", "This TV must be paired again. Please call the clinic.");

    private ElderWords() {}

    static String of(String code) {
        return WORDS.getOrDefault(code, "Something went wrong. Please press OK and try again.");
    }
}
