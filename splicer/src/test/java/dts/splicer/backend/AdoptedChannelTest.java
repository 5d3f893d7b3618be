package dts.splicer.backend;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The static backend installed on a channel adopted from a raw fd, as after a hand-off. */
class AdoptedChannelTest {
    @TempDir static Path tmp;
    static Docroot docroot;
    static StaticBackend.Config config;
    static TestSockets listener;
    static EventLoopGroup group;
    static String bigSha;

    @BeforeAll static void start() throws Throwable {
        docroot = new Docroot(tmp);
        bigSha = RawHttp.sha256Hex(Files.readAllBytes(docroot.random("big.bin", 3 << 20, 9)));
        config = StaticBackend.Config.builder(docroot.root, "adopter").build();
        listener = new TestSockets();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterAll static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        listener.close();
    }

    static String get(String path, String connection) {
        return "GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: " + connection + "\r\n\r\n";
    }

    @Test void requestInReceiveQueue() throws Throwable {
        try (Socket s = new Socket("127.0.0.1", listener.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((get("/hello.txt", "keep-alive") + get("/big.bin", "close")).getBytes(StandardCharsets.ISO_8859_1));
            int fd = listener.accept();
            Thread.sleep(20); // the whole request is queued before the channel exists
            EpollSocketChannel ch = new EpollSocketChannel(fd);
            StaticBackend.install(ch.pipeline(), config);
            assertTrue(group.next().register(ch).await(5, TimeUnit.SECONDS));
            InputStream in = s.getInputStream();
            RawHttp.Response first = RawHttp.read(in, false);
            assertEquals(Docroot.HELLO, first.text());
            assertEquals("adopter", first.header("x-dts-node"));
            assertEquals(bigSha, RawHttp.readHashed(in)[2]);
            assertEquals(-1, in.read());
        }
    }

    @Test void consumedBytesDecodedFirst() throws Throwable {
        for (int run = 0; run < 20; run++) {
            try (Socket s = new Socket("127.0.0.1", listener.port)) {
                s.setSoTimeout(10_000);
                byte[] req = get("/big.bin", "close").getBytes(StandardCharsets.ISO_8859_1);
                s.getOutputStream().write(req, 0, 20);
                int fd = listener.accept();
                ByteBuf consumed = TestSockets.readPrefix(fd, 20); // what an inspector read before the hand-off
                s.getOutputStream().write(req, 20, req.length - 20);
                Thread.sleep(run % 2 == 0 ? 0 : 5); // the rest is (or is not yet) in the receive queue
                EpollSocketChannel ch = new EpollSocketChannel(fd);
                if (run % 4 < 2) {
                    StaticBackend.install(ch.pipeline(), config, consumed); // before registration
                    group.next().register(ch);
                } else {
                    var loop = group.next(); // registered and active first, installed on its loop
                    loop.execute(() -> {
                        loop.register(ch);
                        StaticBackend.install(ch.pipeline(), config, consumed);
                    });
                }
                InputStream in = s.getInputStream();
                String[] r = RawHttp.readHashed(in);
                assertEquals("200", r[0], "run " + run);
                assertEquals(bigSha, r[2], "run " + run);
                assertEquals(-1, in.read());
            }
        }
    }
}
