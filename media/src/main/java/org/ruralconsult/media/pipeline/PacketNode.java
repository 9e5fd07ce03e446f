package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.srtp.PacketScratch;

/**
 * One step of a receive or send chain (after Jitsi Videobridge's packet-handling nodes): it
 * transforms or inspects the packet in place and says whether it goes on. A node that stops a
 * packet counts why.
 */
public interface PacketNode {
    /** @return false when the packet was dropped here */
    boolean process(PacketScratch packet);
}
