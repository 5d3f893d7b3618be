package dts.node.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.flush.FlushConsolidationHandler;

import java.util.List;

/**
 * Frames, authenticates ({@link FrameAuth}) and (de)serializes {@link ControlMessage}s; a frame that
 * is not ours is counted and closes the link.
 */
final class ControlCodec extends MessageToMessageCodec<ByteBuf, ControlMessage> {
    /** At most this many frames wait for one write. */
    private static final int FLUSHES_PER_WRITE = 64;
    private final FrameRejects rejects;

    private ControlCodec(FrameRejects rejects) { this.rejects = rejects; }

    /** {@code client}: this side opened the connection (the direction of its MAC key). */
    static void install(ChannelPipeline p, LinkKeys keys, FrameRejects rejects, boolean client) {
        p.addLast("frame-decoder", new Frames());
        p.addLast("frame-encoder", new LengthFieldPrepender(4));
        p.addLast("frame-auth", new FrameAuth(keys, rejects, client));
        p.addLast("control-codec", new ControlCodec(rejects));
        p.addLast("frame-batches", new FrameBatches(rejects));
        // the messages of many hand-offs go out in one frame and one write: those answered while
        // reading a batch of frames at once, and those sent by tasks the loop runs back to back (a
        // drain's moves); on the tail side of the batches, which see only the consolidated flushes
        p.addLast("flush-consolidation", new FlushConsolidationHandler(FLUSHES_PER_WRITE, true));
    }

    /** Length-prefixed frames up to {@link ControlMessage#MAX_FRAME_BYTES}; fails at once on a longer prefix. */
    static final class Frames extends LengthFieldBasedFrameDecoder {
        private boolean cutShort;

        Frames() { super(ControlMessage.MAX_FRAME_BYTES, 0, 4, 0, 4, true); }

        @Override
        protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            super.decodeLast(ctx, in, out);
            cutShort |= in.isReadable();
        }

        /** The link ended inside a frame. */
        boolean partial() { return cutShort; }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ControlMessage msg, List<Object> out) {
        out.add(msg.encode(ctx.alloc()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        ControlMessage m = ControlMessage.decode(msg);
        if (m == null) {
            rejects.count(FrameRejects.Reason.MALFORMED);
            ctx.close();
            return;
        }
        out.add(m);
    }
}
