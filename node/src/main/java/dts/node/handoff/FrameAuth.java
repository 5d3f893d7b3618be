package dts.node.handoff;

import dts.node.handoff.FrameRejects.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Authenticates one control link, between the length framing and {@link ControlCodec}. Each side first
 * sends [u8 version][32-byte nonce]; then every frame is [u64 seq][body][HMAC-SHA256 of seq and body]
 * under the direction's key ({@link LinkKeys}), seq counting 0, 1, 2… per direction. A frame that does
 * not verify, comes out of sequence, is too short or too long is counted ({@link FrameRejects}) and
 * closes the link; nothing unauthenticated reaches the codec. Fires {@link #READY} once keyed.
 */
final class FrameAuth extends ChannelDuplexHandler {
    private static final Logger LOG = Logger.getLogger(FrameAuth.class.getName());
    /** User event: the link is keyed; control frames may flow. */
    static final Object READY = "control link ready";
    static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;
    private static final int SEQ_BYTES = Long.BYTES;
    private final LinkKeys keys;
    private final FrameRejects rejects;
    private final boolean client;
    private final byte[] ownNonce = LinkKeys.nonce();
    private final Queue<Object[]> early = new ArrayDeque<>();
    private Mac sendMac;
    private Mac recvMac;
    private long sendSeq;
    private long recvSeq;
    private boolean rejected;
    private ScheduledFuture<?> deadline;

    FrameAuth(LinkKeys keys, FrameRejects rejects, boolean client) {
        this.keys = keys;
        this.rejects = rejects;
        this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(ctx.alloc().buffer(1 + LinkKeys.NONCE_BYTES).writeByte(LinkKeys.VERSION).writeBytes(ownNonce));
        deadline = ctx.executor().schedule(() -> reject(ctx, Reason.HANDSHAKE_TIMEOUT), HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (rejected) return;
            if (recvMac == null) {
                handshake(ctx, frame);
                return;
            }
            int bodyBytes = frame.readableBytes() - SEQ_BYTES - LinkKeys.MAC_BYTES;
            if (bodyBytes < ControlMessage.HEADER_BYTES) {
                reject(ctx, Reason.TRUNCATED);
                return;
            }
            int start = frame.readerIndex();
            recvMac.update(frame.nioBuffer(start, SEQ_BYTES + bodyBytes));
            byte[] expected = recvMac.doFinal();
            byte[] got = new byte[LinkKeys.MAC_BYTES];
            frame.getBytes(start + SEQ_BYTES + bodyBytes, got);
            if (!MessageDigest.isEqual(expected, got)) {
                reject(ctx, Reason.BAD_MAC);
            } else if (frame.getLong(start) != recvSeq) {
                reject(ctx, Reason.REPLAYED);
            } else {
                recvSeq++;
                ctx.fireChannelRead(frame.retainedSlice(start + SEQ_BYTES, bodyBytes));
            }
        } finally {
            frame.release();
        }
    }

    private void handshake(ChannelHandlerContext ctx, ByteBuf frame) {
        if (frame.readableBytes() != 1 + LinkKeys.NONCE_BYTES || frame.readUnsignedByte() != LinkKeys.VERSION) {
            reject(ctx, Reason.MALFORMED);
            return;
        }
        byte[] peerNonce = new byte[LinkKeys.NONCE_BYTES];
        frame.readBytes(peerNonce);
        byte[] clientNonce = client ? ownNonce : peerNonce;
        byte[] serverNonce = client ? peerNonce : ownNonce;
        sendMac = mac(keys.direction(client, clientNonce, serverNonce));
        recvMac = mac(keys.direction(!client, clientNonce, serverNonce));
        deadline.cancel(false);
        for (Object[] w; (w = early.poll()) != null; ) write(ctx, w[0], (ChannelPromise) w[1]);
        ctx.flush();
        ctx.fireUserEventTriggered(READY);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf body) || rejected) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalStateException("control link closed"));
            return;
        }
        if (sendMac == null) {
            early.add(new Object[] {msg, promise});
            return;
        }
        ByteBuf out = ctx.alloc().buffer(SEQ_BYTES + body.readableBytes() + LinkKeys.MAC_BYTES);
        out.writeLong(sendSeq++).writeBytes(body);
        body.release();
        sendMac.update(out.nioBuffer(0, out.readableBytes()));
        out.writeBytes(sendMac.doFinal());
        ctx.write(out, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) deadline.cancel(false);
        early.forEach(w -> ReferenceCountUtil.release(w[0]));
        early.clear();
        ControlCodec.Frames frames = ctx.pipeline().get(ControlCodec.Frames.class);
        if (!rejected && frames != null && frames.partial()) reject(ctx, Reason.TRUNCATED);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) reject(ctx, Reason.OVERSIZED);
        else ctx.close();
    }

    private void reject(ChannelHandlerContext ctx, Reason reason) {
        if (!rejected) {
            rejected = true;
            rejects.count(reason);
            LOG.warning("control link " + ctx.channel().remoteAddress() + ": frame rejected (" + reason.label() + "), closing");
        }
        ctx.close();
    }

    private static Mac mac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
