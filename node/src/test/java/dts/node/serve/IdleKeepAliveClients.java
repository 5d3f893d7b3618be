package dts.node.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link NodeIdleHeapTest}, so that its sockets are not on the measured heap:
 * opens N keep-alive connections to 127.0.0.1:port, has one request answered on each (a 200 whose
 * body is Content-Length bytes), prints "ready" and holds them open until its standard input ends.
 */
public final class IdleKeepAliveClients {
    private IdleKeepAliveClients() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        byte[] request = "GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<Socket> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write(request);
            held.add(s);
        }
        for (Socket s : held) readResponse(s.getInputStream());
        System.out.println("ready");
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        for (Socket s : held) s.close();
    }

    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("EOF in head: " + head);
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 200 ")) throw new IOException("not a 200: " + head);
        int at = head.indexOf("content-length: ");
        int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).strip());
        if (in.readNBytes(length).length != length) throw new IOException("short body");
    }
}
