package org.ruralconsult.media.rtp;

/**
 * The one-byte-header ids (1..14) one side negotiated for each {@link HeaderExtension}; 0 when
 * not negotiated. Small and array-backed so the forwarding path looks ids up without allocation.
 */
public final class ExtensionIds {
    private final int[] idByKind = new int[HeaderExtension.values().length];
    private final HeaderExtension[] kindById = new HeaderExtension[256];

    public void put(int id, HeaderExtension kind) {
        if (id > 0 && id < 256 && kind != null) {
            idByKind[kind.ordinal()] = id;
            kindById[id] = kind;
        }
    }

    public int id(HeaderExtension kind) {
        return idByKind[kind.ordinal()];
    }

    public HeaderExtension kind(int id) {
        return id > 0 && id < 256 ? kindById[id] : null;
    }
}
