package dts.splicer.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link IdleConnectionHeapTest}, so that its sockets are not on the measured
 * heap: opens N keep-alive connections to 127.0.0.1:port, has one request answered on each, prints
 * "ready" and holds them open until its standard input ends.
 */
public final class IdleClients {
    private IdleClients() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        byte[] request = ("GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Socket> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write(request);
            held.add(s);
        }
        for (Socket s : held) {
            InputStream in = s.getInputStream();
            RawHttp.Response r = RawHttp.read(in, false);
            if (r.status() != 200) throw new IOException("status " + r.status());
        }
        System.out.println("ready");
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        for (Socket s : held) s.close();
    }
}
