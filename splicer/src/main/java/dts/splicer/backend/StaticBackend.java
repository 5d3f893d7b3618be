package dts.splicer.backend;

import dts.splicer.sys.SysException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Embedded static HTTP/1.0 and 1.1 file server, installed on an already-connected channel: one
 * accepted normally, or one adopted from a migrated socket fd (its request bytes are then in the
 * socket receive queue, or were consumed before and are handed to
 * {@link #install(ChannelPipeline, Config, ByteBuf)}, which decodes them first).
 *
 * <p>Behaviour: GET and HEAD (others: 405 with Allow); Content-Length, Content-Type by extension,
 * Last-Modified, Date, {@code X-DTS-Node}; single byte ranges ({@code a-b}, {@code a-}, {@code -n}) give
 * 206, unsatisfiable ones 416; <b>a multi-range request is answered 200 with the whole file</b>
 * (RFC 9110 lets a server ignore Range), as is a syntactically invalid Range; 404 missing, 403 paths
 * escaping the docroot (by {@code ..} or by a symlink); a directory serves its index.html or 404;
 * keep-alive per version and Connection; pipelined requests answered in order, one at a time;
 * bodies by sendfile (DefaultFileRegion). Malformed head: 400, head larger than maxHeadBytes: 431,
 * request body larger than maxBodyBytes: 413, each with {@code Connection: close}. Bodies of accepted
 * requests are read and discarded. Closing is lingering (half-close, drain input, then close) so a
 * response is never cut by a reset. The request-line and the header block are each limited to
 * maxHeadBytes. A keep-alive connection with nothing to answer is parked: its serving handlers leave
 * the pipeline until the client sends again ({@link IdleParking}).
 */
public final class StaticBackend {
    private StaticBackend() {}

    /** Adds the handlers, at the end of the pipeline, and turns on half-closure and read-after-write. */
    public static void install(ChannelPipeline pipeline, Config config) {
        install(pipeline, config, Unpooled.EMPTY_BUFFER);
    }

    /**
     * As {@link #install(ChannelPipeline, Config)}, for a channel adopted after some of its request
     * bytes were consumed: {@code consumed} (ownership passes here) is decoded before any byte read
     * from the socket. Install before the channel is registered, or on its event loop.
     */
    public static void install(ChannelPipeline pipeline, Config config, ByteBuf consumed) {
        install(pipeline, config, consumed, p -> { });
    }

    /**
     * As {@link #install(ChannelPipeline, Config, ByteBuf)}, with the caller's own handlers among the
     * serving ones: {@code extras} adds them (by name, e.g. after {@code dts-http}) now and again each
     * time an idle connection's serving handlers are put back ({@link IdleParking}), so it must make
     * new ones each time.
     */
    public static void install(ChannelPipeline pipeline, Config config, ByteBuf consumed, Consumer<ChannelPipeline> extras) {
        install(pipeline, config, consumed, extras, false);
    }

    /**
     * As {@link #install(ChannelPipeline, Config, ByteBuf, Consumer)}; {@code startParked}: the
     * connection starts parked ({@link IdleParking}), its serving handlers put in by its first bytes
     * (a connection moved here while idle holds only the parked pipeline). Needs nothing consumed.
     */
    public static void install(ChannelPipeline pipeline, Config config, ByteBuf consumed, Consumer<ChannelPipeline> extras,
                               boolean startParked) {
        if (startParked && consumed.isReadable()) throw new IllegalArgumentException("startParked with consumed bytes (expected: none)");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(consumed, "consumed");
        Objects.requireNonNull(extras, "extras");
        pipeline.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        long lingerMillis = config.idleTimeoutMillis() == 0 ? LingeringClose.DEFAULT_LINGER_MILLIS
                : Math.min(config.idleTimeoutMillis(), LingeringClose.DEFAULT_LINGER_MILLIS);
        pipeline.addLast("dts-linger", new LingeringClose(lingerMillis));
        ConsumedBytesReplay replay = consumed.isReadable() ? new ConsumedBytesReplay(consumed) : null;
        if (replay != null) pipeline.addLast("dts-replay", replay);
        IdleParking parking = new IdleParking(config, extras, startParked);
        pipeline.addLast("dts-park", parking);
        if (!startParked) addServing(pipeline, config, parking, extras);
        Channel ch = pipeline.channel();
        if (replay != null && ch.isRegistered() && ch.isActive()) {
            if (ch.eventLoop().inEventLoop()) replay.replayIfPending(); else ch.eventLoop().execute(replay::replayIfPending);
        }
        if (replay == null) consumed.release();
    }

    /** The serving handlers, at the end of the pipeline (after {@code parking}, which takes them out while idle). */
    static void addServing(ChannelPipeline pipeline, Config config, IdleParking parking, Consumer<ChannelPipeline> extras) {
        pipeline.addLast("dts-sent-bytes", new SentBytesCounter(config.stats())); // nothing is written while parked
        if (config.idleTimeoutMillis() > 0) {
            pipeline.addLast("dts-idle", new IdleStateHandler(true, 0, 0, config.idleTimeoutMillis(), TimeUnit.MILLISECONDS));
            pipeline.addLast("dts-idle-close", new IdleCloser(config.stats()));
        }
        pipeline.addLast("dts-http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxHeadBytes())
                .setMaxHeaderSize(config.maxHeadBytes())
                .setMaxChunkSize(64 * 1024)));
        pipeline.addLast("dts-keep-alive", new HttpServerKeepAliveHandler());
        pipeline.addLast("dts-sequencer", new RequestSequencer(config.stats(), config.maxBodyBytes(), parking));
        pipeline.addLast("dts-files", new StaticFileHandler(config));
        extras.accept(pipeline);
    }

    /** Immutable configuration; build with {@link #builder(Path, String)}. */
    public static final class Config {
        private final Path docroot;
        private final String nodeId;
        private final int maxHeadBytes;
        private final long maxBodyBytes;
        private final long idleTimeoutMillis;
        private final BackendStats stats;

        private Config(Builder b) {
            Path real;
            try {
                real = b.docroot.toRealPath();
            } catch (IOException e) {
                throw new SysException("docroot " + b.docroot, e);
            }
            if (!Files.isDirectory(real)) throw new SysException("docroot is not a directory: " + real);
            if (b.nodeId.isEmpty() || b.nodeId.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new SysException("nodeId must be visible ASCII: '" + b.nodeId + "'");
            }
            if (b.maxHeadBytes < 256) throw new SysException("maxHeadBytes < 256: " + b.maxHeadBytes);
            if (b.maxBodyBytes < 0) throw new SysException("maxBodyBytes < 0: " + b.maxBodyBytes);
            if (b.idleTimeoutMillis < 0) throw new SysException("idleTimeoutMillis < 0: " + b.idleTimeoutMillis);
            this.docroot = real;
            this.nodeId = b.nodeId;
            this.maxHeadBytes = b.maxHeadBytes;
            this.maxBodyBytes = b.maxBodyBytes;
            this.idleTimeoutMillis = b.idleTimeoutMillis;
            this.stats = b.stats;
        }

        public static Builder builder(Path docroot, String nodeId) { return new Builder(docroot, nodeId); }

        /** The docroot as a real path (symlinks resolved when the config was built). */
        public Path docroot() { return docroot; }

        /** Sent as {@code X-DTS-Node} on every response. */
        public String nodeId() { return nodeId; }

        /** Limit of the request line and of the header block (each); beyond: 431. */
        public int maxHeadBytes() { return maxHeadBytes; }

        /** Largest request body read and discarded; beyond: 413 and close. */
        public long maxBodyBytes() { return maxBodyBytes; }

        /** Close a connection without reads or write progress for this long; 0 = never. */
        public long idleTimeoutMillis() { return idleTimeoutMillis; }

        public BackendStats stats() { return stats; }

        public static final class Builder {
            private final Path docroot;
            private final String nodeId;
            private int maxHeadBytes = 16384;
            private long maxBodyBytes = 65536;
            private long idleTimeoutMillis = 60_000;
            private BackendStats stats = new BackendStats();

            private Builder(Path docroot, String nodeId) {
                this.docroot = Objects.requireNonNull(docroot, "docroot");
                this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
            }

            public Builder maxHeadBytes(int v) { maxHeadBytes = v; return this; }

            public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }

            public Builder idleTimeoutMillis(long v) { idleTimeoutMillis = v; return this; }

            public Builder stats(BackendStats v) { stats = Objects.requireNonNull(v, "stats"); return this; }

            /** Validates; throws {@link SysException} when the docroot is not an existing directory. */
            public Config build() { return new Config(this); }
        }
    }
}
