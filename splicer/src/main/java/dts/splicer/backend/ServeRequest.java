package dts.splicer.backend;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A complete request (head received, body read and discarded) handed from the
 * {@link RequestSequencer} to the {@link StaticFileHandler}, one at a time.
 *
 * @param head   the request head (for a rejected request possibly Netty's placeholder)
 * @param reject null to serve; else the error status to answer with {@code Connection: close}
 */
record ServeRequest(HttpRequest head, HttpResponseStatus reject) {}
