package dts.splicer.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/** Counts the bytes written to the socket (headers and file regions) once each write completed. */
final class SentBytesCounter extends ChannelOutboundHandlerAdapter {
    private final BackendStats stats;

    SentBytesCounter(BackendStats stats) { this.stats = stats; }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long bytes = switch (msg) {
            case ByteBuf buf -> buf.readableBytes();
            case FileRegion region -> region.count() - region.transferred();
            case ByteBufHolder holder -> holder.content().readableBytes();
            default -> 0;
        };
        if (bytes > 0) {
            promise = promise.unvoid();
            promise.addListener(f -> {
                if (f.isSuccess()) stats.countBytesSent(bytes);
            });
        }
        ctx.write(msg, promise);
    }
}
