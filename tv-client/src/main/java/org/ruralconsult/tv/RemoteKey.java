package org.ruralconsult.tv;

/**
 * The keys every set-top-box remote has (DESIGN.md "The TV, for elders"). Home is not here: the box
 * keeps it. Digits exist on most remotes but nothing needs them, so a remote without them loses nothing.
 */
public enum RemoteKey {
    UP,
    DOWN,
    LEFT,
    RIGHT,
    /** OK, Enter or DPAD_CENTER. */
    OK,
    BACK,
    DIGIT_0,
    DIGIT_1,
    DIGIT_2,
    DIGIT_3,
    DIGIT_4,
    DIGIT_5,
    DIGIT_6,
    DIGIT_7,
    DIGIT_8,
    DIGIT_9,
    /** Volume keys: the box's own mixer; {@link TvApp} ignores them (a front end may show the level). */
    VOLUME_UP,
    VOLUME_DOWN,
    MUTE;

    /** 0–9 for a digit key, else -1. */
    public int digit() {
        return ordinal() >= DIGIT_0.ordinal() && ordinal() <= DIGIT_9.ordinal() ? ordinal() - DIGIT_0.ordinal() : -1;
    }

    /** The digit key for 0–9. */
    public static RemoteKey ofDigit(int digit) {
        if (digit < 0 || digit > 9) {
            throw new IllegalArgumentException("not a digit: " + digit);
        }
        return values()[DIGIT_0.ordinal() + digit];
    }
}
