package org.ruralconsult.tv.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.ruralconsult.tv.RemoteKey;

class FxKeysTest {
    @Test
    void remoteKeysArriveAsTheirRemoteKey() {
        assertEquals(Optional.of(RemoteKey.OK), FxKeys.of(KeyCode.ENTER));
        assertEquals(Optional.of(RemoteKey.OK), FxKeys.of(KeyCode.ACCEPT));
        assertEquals(Optional.of(RemoteKey.BACK), FxKeys.of(KeyCode.ESCAPE));
        assertEquals(Optional.of(RemoteKey.BACK), FxKeys.of(KeyCode.BACK_SPACE));
        assertEquals(Optional.of(RemoteKey.UP), FxKeys.of(KeyCode.UP));
        assertEquals(Optional.of(RemoteKey.LEFT), FxKeys.of(KeyCode.KP_LEFT));
        assertEquals(Optional.of(RemoteKey.DIGIT_3), FxKeys.of(KeyCode.DIGIT3));
        assertEquals(Optional.of(RemoteKey.DIGIT_9), FxKeys.of(KeyCode.NUMPAD9));
        assertEquals(Optional.of(RemoteKey.VOLUME_UP), FxKeys.of(KeyCode.VOLUME_UP));
        assertEquals(Optional.of(RemoteKey.VOLUME_DOWN), FxKeys.of(KeyCode.VOLUME_DOWN));
        assertEquals(Optional.of(RemoteKey.MUTE), FxKeys.of(KeyCode.MUTE));
        assertTrue(FxKeys.of(KeyCode.A).isEmpty());
    }
}
