package dts.node.inspect;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.nio.charset.StandardCharsets;

/** The inspector's own answers: a status line, a short text body, {@code Connection: close}, then close. */
public enum ErrorResponse {
    BAD_REQUEST(400, "Bad Request"),
    REQUEST_TIMEOUT(408, "Request Timeout"),
    HEADERS_TOO_LARGE(431, "Request Header Fields Too Large"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported");

    private final int status;
    private final String reason;

    ErrorResponse(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    public int status() { return status; }

    /** Writes the response with {@code detail} in the body and closes the connection once it is flushed. */
    public void sendAndClose(Channel ch, String detail, String nodeId) {
        String body = status + " " + reason + (detail == null || detail.isEmpty() ? "" : ": " + detail) + "\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + b.length + "\r\n"
                + "Connection: close\r\n"
                + "X-DTS-Node: " + nodeId + "\r\n\r\n";
        ByteBuf buf = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), b);
        ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    }
}
