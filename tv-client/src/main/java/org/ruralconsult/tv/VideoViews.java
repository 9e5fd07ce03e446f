package org.ruralconsult.tv;

import java.util.Optional;

/**
 * Where a front end gets the live pictures of a call, without knowing how they are made: the media layer
 * implements it with views of its own toolkit ({@code V} is {@code javafx.scene.Node} for the JavaFX front
 * end, a {@code View} on Android). The call screen puts {@link #remote} of {@code others().get(0)} in the
 * large slot, of the second person in the small slot (three-way call), and {@link #self} in the self slot.
 * With no picture the front end shows the person's name and organization large on a dark tile.
 */
public interface VideoViews<V> {
    /** The live picture of this participant of the call, or empty when none is coming (yet). */
    Optional<V> remote(String callId, TvScreen.Person who);

    /** This TV's own camera picture, or empty without a camera. */
    Optional<V> self(String callId);

    /** No pictures at all: every slot shows a name tile. */
    static <V> VideoViews<V> none() {
        return new VideoViews<>() {
            @Override
            public Optional<V> remote(String callId, TvScreen.Person who) {
                return Optional.empty();
            }

            @Override
            public Optional<V> self(String callId) {
                return Optional.empty();
            }
        };
    }
}
