package org.ruralconsult.media.pipeline;

import org.ruralconsult.media.srtp.PacketScratch;

/** Nodes run in order until one drops the packet. */
public final class NodeChain implements PacketNode {
    private final PacketNode[] nodes;

    public NodeChain(PacketNode... nodes) {
        this.nodes = nodes.clone();
    }

    @Override
    public boolean process(PacketScratch packet) {
        for (PacketNode n : nodes) {
            if (!n.process(packet)) {
                return false;
            }
        }
        return true;
    }
}
