package dts.splicer.repair;

import dts.splicer.sys.SysException;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable image of an established IPv4 TCP socket, as {@link TcpRepair#dump} takes it and
 * {@link TcpRepair#restore} rebuilds it. Byte arrays are copied in and out; {@link #toBytes()} /
 * {@link #fromBytes(byte[])} give the versioned wire form that crosses the control channel.
 *
 * <p>Sequence numbers are raw u32 values kept in ints (wrap-around arithmetic). The send queue
 * is {@code unacked} (sent, not acknowledged; its first byte is snd_una) followed by
 * {@code unsent}; {@code sendSeq} is write_seq, the sequence number after the last unsent byte.
 * The receive side is {@code consumed} (bytes the application already read, re-injected first)
 * followed by {@code unread}; {@code recvSeq} is rcv_nxt, the sequence number after the last
 * unread byte.
 *
 * @param options bit set of {@link #OPT_TIMESTAMPS}, {@link #OPT_SACK}, {@link #OPT_WSCALE}
 * @param tsval TCP_TIMESTAMP value (opaque; the low bit marks usec timestamps on Linux >= 6.7)
 */
public record SocketImage(Endpoint local, Endpoint remote, int sendSeq, int recvSeq, int mss,
                          int sndWscale, int rcvWscale, int options, int tsval, RepairWindow window,
                          byte[] unacked, byte[] unsent, byte[] unread, byte[] consumed) {
    /** tcp_info options bits (TCPI_OPT_*). */
    public static final int OPT_TIMESTAMPS = 1;
    public static final int OPT_SACK = 2;
    public static final int OPT_WSCALE = 4;
    /** Largest queue an image carries, per queue. */
    public static final int MAX_QUEUE_BYTES = 64 << 20;
    static final int MAX_WSCALE = 14;

    public SocketImage {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(window, "window");
        check("mss", mss, 1, 65535);
        check("sndWscale", sndWscale, 0, MAX_WSCALE);
        check("rcvWscale", rcvWscale, 0, MAX_WSCALE);
        check("options", options, 0, OPT_TIMESTAMPS | OPT_SACK | OPT_WSCALE);
        unacked = copy("unacked", unacked);
        unsent = copy("unsent", unsent);
        unread = copy("unread", unread);
        consumed = copy("consumed", consumed);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) throw new SysException(name + ": " + value + " (expected: " + min + ".." + max + ")");
    }

    private static byte[] copy(String name, byte[] b) {
        Objects.requireNonNull(b, name);
        check(name + " length", b.length, 0, MAX_QUEUE_BYTES);
        return b.clone();
    }

    public byte[] unacked() { return unacked.clone(); }
    public byte[] unsent() { return unsent.clone(); }
    public byte[] unread() { return unread.clone(); }
    public byte[] consumed() { return consumed.clone(); }

    /** Read-only views for the restore path, without copying. */
    MemorySegment unackedView() { return MemorySegment.ofArray(unacked).asReadOnly(); }
    MemorySegment unsentView() { return MemorySegment.ofArray(unsent).asReadOnly(); }
    MemorySegment unreadView() { return MemorySegment.ofArray(unread).asReadOnly(); }
    MemorySegment consumedView() { return MemorySegment.ofArray(consumed).asReadOnly(); }

    /** snd_una: the sequence number of the first unacknowledged byte. */
    public int sendUna() { return sendSeq - unacked.length - unsent.length; }

    /** The sequence number the rebuilt receive queue starts at (first consumed byte). */
    public int recvQueueStart() { return recvSeq - consumed.length - unread.length; }

    /** This image with another {@code consumed} prefix. */
    public SocketImage withConsumed(byte[] newConsumed) {
        return new SocketImage(local, remote, sendSeq, recvSeq, mss, sndWscale, rcvWscale, options, tsval, window,
                unacked, unsent, unread, newConsumed);
    }

    public boolean has(int option) { return (options & option) != 0; }

    public byte[] toBytes() { return ImageCodec.encode(this); }

    /** Parses {@link #toBytes()} output; any malformed input gives a {@link SysException}. */
    public static SocketImage fromBytes(byte[] bytes) { return ImageCodec.decode(bytes); }

    @Override public boolean equals(Object o) {
        return o instanceof SocketImage s && local.equals(s.local) && remote.equals(s.remote)
                && sendSeq == s.sendSeq && recvSeq == s.recvSeq && mss == s.mss
                && sndWscale == s.sndWscale && rcvWscale == s.rcvWscale && options == s.options
                && tsval == s.tsval && window.equals(s.window)
                && Arrays.equals(unacked, s.unacked) && Arrays.equals(unsent, s.unsent)
                && Arrays.equals(unread, s.unread) && Arrays.equals(consumed, s.consumed);
    }

    @Override public int hashCode() {
        int h = Objects.hash(local, remote, sendSeq, recvSeq, mss, sndWscale, rcvWscale, options, tsval, window);
        h = 31 * h + Arrays.hashCode(unacked);
        h = 31 * h + Arrays.hashCode(unsent);
        h = 31 * h + Arrays.hashCode(unread);
        return 31 * h + Arrays.hashCode(consumed);
    }

    @Override public String toString() {
        return "SocketImage[" + local + " -> " + remote + ", sendSeq=" + Integer.toUnsignedString(sendSeq)
                + ", recvSeq=" + Integer.toUnsignedString(recvSeq) + ", mss=" + mss
                + ", wscale=" + sndWscale + "/" + rcvWscale + ", options=" + options + ", " + window
                + ", unackedBytes=" + unacked.length + ", unsentBytes=" + unsent.length
                + ", unreadBytes=" + unread.length + ", consumedBytes=" + consumed.length + "]";
    }
}
