package dts.splicer.backend;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Orders and paces requests: discards request bodies (up to a limit), queues complete requests and
 * passes them downstream one at a time, the next one when the previous response's last write has
 * completed (pipelining answered in order, one open file per connection). Reads follow writes:
 * auto-read is off and the next read is requested only when nothing is queued or being written.
 * After a request that ends the connection (not keep-alive, or rejected) later requests are dropped.
 * Once a response leaves it with nothing to answer it tells {@link IdleParking}.
 */
final class RequestSequencer extends ChannelDuplexHandler {
    private final BackendStats stats;
    private final long maxBodyBytes;
    private final IdleParking parking;
    private final ArrayDeque<ServeRequest> ready = new ArrayDeque<>();
    private HttpRequest partial;
    private long partialBodyBytes;
    private boolean serving;
    private boolean lastRequestSeen;
    private boolean inputShutdown;

    RequestSequencer(BackendStats stats, long maxBodyBytes, IdleParking parking) {
        this.stats = stats;
        this.maxBodyBytes = maxBodyBytes;
        this.parking = parking;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        parking.serving(this);
        ctx.channel().config().setAutoRead(false);
        if (ctx.channel().isRegistered() && ctx.channel().isActive()) ctx.read();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest head) onHead(head);
            if (msg instanceof HttpContent content) onContent(content);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        serveNext(ctx);
    }

    private void onHead(HttpRequest head) {
        stats.countRequest();
        if (lastRequestSeen) return;
        if (head.decoderResult().isFailure()) {
            boolean tooLong = head.decoderResult().cause() instanceof TooLongFrameException;
            reject(head, tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST);
            return;
        }
        long declaredBodyBytes;
        try {
            declaredBodyBytes = HttpUtil.getContentLength(head, 0L);
        } catch (NumberFormatException e) {
            reject(head, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        if (declaredBodyBytes > maxBodyBytes) {
            reject(head, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        partial = head;
        partialBodyBytes = 0;
    }

    private void onContent(HttpContent content) {
        if (partial == null) return;
        if (content.decoderResult().isFailure()) {
            reject(partial, HttpResponseStatus.BAD_REQUEST);
            return;
        }
        partialBodyBytes += content.content().readableBytes();
        if (partialBodyBytes > maxBodyBytes) {
            reject(partial, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        if (content instanceof LastHttpContent) {
            ready.add(new ServeRequest(partial, null));
            lastRequestSeen = !HttpUtil.isKeepAlive(partial);
            partial = null;
        }
    }

    private void reject(HttpRequest head, HttpResponseStatus status) {
        stats.countBadRequest();
        ready.add(new ServeRequest(head, status));
        lastRequestSeen = true;
        partial = null;
    }

    private void serveNext(ChannelHandlerContext ctx) {
        if (serving || ready.isEmpty() || !ctx.channel().isActive()) return;
        serving = true;
        ctx.fireChannelRead(ready.poll());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(f -> onResponseWritten(ctx, f.isSuccess()));
        }
        ctx.write(msg, promise);
    }

    private void onResponseWritten(ChannelHandlerContext ctx, boolean success) {
        serving = false;
        if (!success) {
            ready.clear();
            ctx.close();
            return;
        }
        serveNext(ctx);
        idleNext(ctx);
        if (idle()) parking.idle();
    }

    /** Every request answered, none partly received, and more may come. */
    boolean idle() {
        return !serving && ready.isEmpty() && partial == null && !lastRequestSeen && !inputShutdown;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        idleNext(ctx);
        ctx.fireChannelReadComplete();
    }

    /** Nothing left to answer: read the next request, or close once the client has shut its side. */
    private void idleNext(ChannelHandlerContext ctx) {
        if (serving || !ready.isEmpty() || lastRequestSeen || !ctx.channel().isActive()) return;
        if (inputShutdown) {
            ctx.close();
        } else {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            partial = null;
            idleNext(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // I/O errors (reset) and codec limits (pipeline depth): nothing more can be answered in order.
        ready.clear();
        ctx.close();
    }
}
