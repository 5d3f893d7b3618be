package dts.node.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageCodec;

import java.util.List;

/** Frames and (de)serializes {@link ControlMessage}s; a frame that is not ours closes the link. */
final class ControlCodec extends MessageToMessageCodec<ByteBuf, ControlMessage> {
    static void install(ChannelPipeline p) {
        p.addLast("frame-decoder", new LengthFieldBasedFrameDecoder(ControlMessage.MAX_FRAME_BYTES, 0, 4, 0, 4));
        p.addLast("frame-encoder", new LengthFieldPrepender(4));
        p.addLast("control-codec", new ControlCodec());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ControlMessage msg, List<Object> out) {
        out.add(msg.encode(ctx.alloc()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        ControlMessage m = ControlMessage.decode(msg);
        if (m == null) {
            ctx.close();
            return;
        }
        out.add(m);
    }
}
