package org.ruralconsult.tv;

import java.util.Set;

/**
 * Server error codes said plainly, as an elder should read them on the TV: each code becomes the key of
 * a sentence in the TV's message files ({@link TvText}, {@code tv_zh_CN.properties}, {@code tv_en.properties}).
 */
final class ElderWords {
    static final Set<String> CODES =
            Set.of("no_one_available", "already_answered", "illegal_state", "forbidden", "unreachable", "unauthorized");

    private ElderWords() {}

    /** The message key for a server error code; an unknown code gets the general "please try again". */
    static String of(String code) {
        return CODES.contains(code) ? "error." + code : "error.other";
    }
}
