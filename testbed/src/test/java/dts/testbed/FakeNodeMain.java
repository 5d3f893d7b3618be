package dts.testbed;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Stands in for dts.node.NodeMain in tests of the process machinery: answers GET /status with 200. */
public final class FakeNodeMain {
    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[1]);
        if (!Files.isRegularFile(config)) throw new IllegalStateException("no config " + config);
        HttpServer http = HttpServer.create(new InetSocketAddress("0.0.0.0", TestbedNames.ADMIN_PORT), 16);
        http.createContext("/status", ex -> {
            byte[] body = ("{\"id\":\"" + args[3] + "\"}").getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        System.out.println("fake node " + args[3] + " up");
        Thread.currentThread().join();
    }
}
