/**
 * The media relay (an SFU): {@link org.ruralconsult.media.MediaRelay} starts workers and makes
 * {@link org.ruralconsult.media.routing.Router routers}, one per call.
 *
 * <h2>Buffer ownership</h2>
 *
 * <p><b>Whoever holds a buffer last releases it.</b> Concretely:
 *
 * <ul>
 *   <li>A received datagram belongs to Netty's {@code SimpleChannelInboundHandler}
 *       ({@code transport.DatagramInbound}), which releases it after the demultiplexer returns.
 *       Nothing downstream retains it: its bytes are copied into the worker's scratch array for
 *       SRTP (jitsi-srtp transforms {@code byte[]}), or into a fresh array for STUN and DTLS.
 *   <li>An outgoing datagram is a pooled direct buffer allocated by {@code DatagramWriteNode} (or
 *       {@code Worker.sendNow}); ownership passes with the call to
 *       {@link org.ruralconsult.media.transport.DatagramOutput#write}, and from there to Netty, which
 *       releases it once written. A {@code DatagramOutput} that does not write must release it.
 *   <li>Scratch arrays ({@link org.ruralconsult.media.srtp.PacketScratch}) and retransmission buffer
 *       slots are plain arrays owned by one worker, reused, never shared across threads.
 * </ul>
 *
 * <p>Tests run with Netty's paranoid leak detection and fail on any reported leak
 * ({@code testing.NoLeaks}).
 */
package org.ruralconsult.media;
