package dts.harness.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/** Pipeline of a session's connection: idle detection, HTTP/1.1 codec, the session's handler. */
final class SessionInitializer extends ChannelInitializer<Channel> {
    private final Session session;
    private final long idleTimeoutMillis;

    SessionInitializer(Session session, long idleTimeoutMillis) {
        this.session = session;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new IdleStateHandler(idleTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS))
                .addLast(new HttpClientCodec())
                .addLast(new SessionHandler(session));
    }
}
