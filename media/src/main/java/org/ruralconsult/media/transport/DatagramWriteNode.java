package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.pipeline.PacketNode;
import org.ruralconsult.media.srtp.PacketScratch;

/** Last node of a send chain: copies the protected packet into a pooled direct buffer and writes it. */
final class DatagramWriteNode implements PacketNode {
    private final ByteBufAllocator allocator;
    private final WebRtcTransport transport;
    private final PacketCounters counters;

    DatagramWriteNode(ByteBufAllocator allocator, WebRtcTransport transport, PacketCounters counters) {
        this.allocator = allocator;
        this.transport = transport;
        this.counters = counters;
    }

    @Override
    public boolean process(PacketScratch p) {
        InetSocketAddress to = transport.remoteAddress();
        if (to == null) {
            counters.drop(DropReason.NO_ROUTE);
            return false;
        }
        int len = p.getLength();
        ByteBuf buf = allocator.directBuffer(len, len);
        buf.writeBytes(p.getBuffer(), p.getOffset(), len);
        transport.worker().output().write(buf, to); // ownership passes to the output
        counters.packetsOut++;
        counters.bytesOut += len;
        return true;
    }
}
