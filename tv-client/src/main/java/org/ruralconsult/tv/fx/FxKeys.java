package org.ruralconsult.tv.fx;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.ruralconsult.tv.RemoteKey;

/**
 * JavaFX key codes to remote keys. A Linux box's IR remote (rc-core with an ir-keytable keymap) and an
 * HDMI-CEC remote pass-through arrive as ordinary X/evdev keys (KEY_OK/KEY_ENTER/KEY_SELECT → Enter,
 * KEY_BACK/KEY_ESC → Escape or Back, KEY_VOLUMEUP → volume up...), which JavaFX reports as these codes;
 * see tv-client/README.md. Keypad Enter reaches JavaFX as {@link KeyCode#ENTER}.
 */
public final class FxKeys {
    private static final Map<KeyCode, RemoteKey> KEYS = new EnumMap<>(KeyCode.class);

    static {
        KEYS.put(KeyCode.UP, RemoteKey.UP);
        KEYS.put(KeyCode.KP_UP, RemoteKey.UP);
        KEYS.put(KeyCode.DOWN, RemoteKey.DOWN);
        KEYS.put(KeyCode.KP_DOWN, RemoteKey.DOWN);
        KEYS.put(KeyCode.LEFT, RemoteKey.LEFT);
        KEYS.put(KeyCode.KP_LEFT, RemoteKey.LEFT);
        KEYS.put(KeyCode.RIGHT, RemoteKey.RIGHT);
        KEYS.put(KeyCode.KP_RIGHT, RemoteKey.RIGHT);
        KEYS.put(KeyCode.ENTER, RemoteKey.OK);
        KEYS.put(KeyCode.ACCEPT, RemoteKey.OK);
        KEYS.put(KeyCode.SPACE, RemoteKey.OK);
        KEYS.put(KeyCode.ESCAPE, RemoteKey.BACK);
        KEYS.put(KeyCode.BACK_SPACE, RemoteKey.BACK);
        KEYS.put(KeyCode.VOLUME_UP, RemoteKey.VOLUME_UP);
        KEYS.put(KeyCode.VOLUME_DOWN, RemoteKey.VOLUME_DOWN);
        KEYS.put(KeyCode.MUTE, RemoteKey.MUTE);
        KeyCode[] digits = {
            KeyCode.DIGIT0, KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
            KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9
        };
        KeyCode[] numpad = {
            KeyCode.NUMPAD0, KeyCode.NUMPAD1, KeyCode.NUMPAD2, KeyCode.NUMPAD3, KeyCode.NUMPAD4,
            KeyCode.NUMPAD5, KeyCode.NUMPAD6, KeyCode.NUMPAD7, KeyCode.NUMPAD8, KeyCode.NUMPAD9
        };
        for (int d = 0; d <= 9; d++) {
            KEYS.put(digits[d], RemoteKey.ofDigit(d));
            KEYS.put(numpad[d], RemoteKey.ofDigit(d));
        }
    }

    private FxKeys() {}

    public static Optional<RemoteKey> of(KeyCode code) {
        return Optional.ofNullable(KEYS.get(code));
    }
}
