package org.ruralconsult.signaling.media;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ruralconsult.calls.store.StateStore;

/**
 * Which signaling node holds a call's media. Until media nodes are shared, a call's router lives in one
 * node's in-process SFU; the first node that needs media for a call claims it in the shared store, and
 * every other node sends that call's SDP there. Without this, members on two nodes would each get a
 * router of their own and never see each other.
 *
 * <p>Every method may block on the store: call it off event loops.
 */
public final class MediaPlacement {
    static final String KEY_PREFIX = "media:call:";

    /**
     * Longer than any consult, so a claim never lapses while its call is live (the owner deletes it when
     * the call ends); it only cleans up after a node that died holding calls.
     */
    static final Duration CLAIM_TTL = Duration.ofHours(12);

    private final StateStore store;
    /** Owners seen so far: a claim never changes while its call lives, so one read per call and node. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    public MediaPlacement(StateStore store) {
        this.store = store;
    }

    public String self() {
        return store.nodeId();
    }

    /** The node that holds the call's media: the existing claim, or this node if it is the first. */
    public String ownerOf(String callId) {
        String known = owners.get(callId);
        if (known != null) return known;
        String key = KEY_PREFIX + callId;
        while (true) {
            if (store.putIfAbsent(key, self(), CLAIM_TTL)) {
                owners.put(callId, self());
                return self();
            }
            Optional<String> owner = store.get(key);
            if (owner.isPresent()) {
                owners.put(callId, owner.get());
                return owner.get();
            }
            // the claim was deleted between our two reads (the call just ended): try again
        }
    }

    /** The owner, if this node has seen it: lets the single-owner path skip the store. */
    public Optional<String> knownOwnerOf(String callId) {
        return Optional.ofNullable(owners.get(callId));
    }

    /** The call ended: forget it, and delete the claim if it is ours. */
    public void release(String callId) {
        if (self().equals(owners.remove(callId))) {
            store.delete(KEY_PREFIX + callId);
        }
    }
}
