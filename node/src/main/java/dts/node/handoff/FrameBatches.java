package dts.node.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.ArrayList;
import java.util.List;

/**
 * Many control messages per frame. The messages written between two flushes (the flushes are
 * consolidated on the tail side: a drain's moves, or the replies to a batch of frames read at once)
 * go out as one {@link ControlMessage.Type#BATCH} frame: one sequence number, one MAC, one length
 * prefix for all of them; a single message goes as itself. On the way in a BATCH is taken apart in
 * order; a malformed one (or one inside another) is counted and closes the link, as any frame that
 * is not ours. Wire form of the payload: u16 count, then per message a u32 length and the message
 * ([u8 type][i64 id][payload]).
 */
final class FrameBatches extends ChannelDuplexHandler {
    /** Messages per frame at most. */
    static final int MAX_MESSAGES = 1024;
    private final FrameRejects rejects;
    private final List<ControlMessage> pending = new ArrayList<>();
    private final List<ChannelPromise> promises = new ArrayList<>();
    private long pendingBytes;

    FrameBatches(FrameRejects rejects) { this.rejects = rejects; }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ControlMessage m)) {
            ctx.write(msg, promise);
            return;
        }
        long bytes = 4L + ControlMessage.HEADER_BYTES + m.payload().length;
        if (!pending.isEmpty() && (pendingBytes + bytes > ControlMessage.MAX_PAYLOAD_BYTES - 2 || pending.size() == MAX_MESSAGES)) emit(ctx);
        pending.add(m);
        promises.add(promise);
        pendingBytes += bytes;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        emit(ctx);
        ctx.flush();
    }

    private void emit(ChannelHandlerContext ctx) {
        if (pending.isEmpty()) return;
        if (pending.size() == 1) {
            ctx.write(pending.getFirst(), promises.getFirst());
        } else {
            ByteBuf b = Unpooled.buffer((int) (2 + pendingBytes));
            b.writeShort(pending.size());
            for (ControlMessage m : pending) {
                b.writeInt(ControlMessage.HEADER_BYTES + m.payload().length);
                b.writeByte(m.type().ordinal()).writeLong(m.id()).writeBytes(m.payload());
            }
            byte[] payload = new byte[b.readableBytes()];
            b.readBytes(payload);
            List<ChannelPromise> waiting = promises.stream().filter(p -> !p.isVoid()).toList();
            ChannelPromise all = waiting.isEmpty() ? ctx.voidPromise() : ctx.newPromise();
            if (!waiting.isEmpty()) {
                all.addListener(f -> waiting.forEach(p -> {
                    if (f.isSuccess()) p.trySuccess();
                    else p.tryFailure(f.cause());
                }));
            }
            ctx.write(new ControlMessage(ControlMessage.Type.BATCH, 0, payload), all);
        }
        pending.clear();
        promises.clear();
        pendingBytes = 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ControlMessage m) || m.type() != ControlMessage.Type.BATCH) {
            ctx.fireChannelRead(msg);
            return;
        }
        List<ControlMessage> inner = split(m.payload());
        if (inner == null) {
            rejects.count(FrameRejects.Reason.MALFORMED);
            ctx.close();
            return;
        }
        for (ControlMessage c : inner) ctx.fireChannelRead(c);
    }

    /** The messages of a BATCH payload, or null when it is malformed (truncated, trailing bytes, nested). */
    static List<ControlMessage> split(byte[] payload) {
        ByteBuf b = Unpooled.wrappedBuffer(payload);
        if (b.readableBytes() < 2) return null;
        int n = b.readUnsignedShort();
        if (n > MAX_MESSAGES) return null;
        List<ControlMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (b.readableBytes() < 4) return null;
            int len = b.readInt();
            if (len < ControlMessage.HEADER_BYTES || len > b.readableBytes()) return null;
            ControlMessage c = ControlMessage.decode(b.readSlice(len));
            if (c == null || c.type() == ControlMessage.Type.BATCH) return null;
            out.add(c);
        }
        return b.isReadable() ? null : out;
    }
}
