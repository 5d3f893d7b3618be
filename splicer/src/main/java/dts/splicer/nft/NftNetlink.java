package dts.splicer.nft;

import dts.splicer.sys.LibC;
import dts.splicer.sys.SysException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * nf_tables spoken directly over a netlink socket, for the one operation paid per hand-off: taking
 * flows out of {@code @mine}. libnftables spends ~0.45 ms on every transaction before the kernel sees
 * it (it reads the ruleset cache and parses the text); one {@code NFT_MSG_DESTROYSETELEM} batch costs
 * the kernel's transaction only. Destroy (Linux 6.3+) removes the keys that are present and passes
 * over the missing ones (their entries timed out), so one transaction serves every batch and the
 * kernel's slow abort path never runs.
 *
 * <p>Opened on the thread that lives in the table's network namespace (the socket stays in the
 * namespace it was made in). Not thread-safe: the {@link NftWorker} owns it.
 */
final class NftNetlink implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_NETFILTER = 12;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;

    private static final short NLM_F_REQUEST = 1;
    private static final short NLM_F_ACK = 4;
    private static final int NLMSG_ERROR = 2;
    private static final int NFNL_MSG_BATCH_BEGIN = 16;
    private static final int NFNL_MSG_BATCH_END = 17;
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final int NFT_MSG_DESTROYSETELEM = 30;
    private static final int NFPROTO_INET = 1;

    private static final int NLA_F_NESTED = 0x8000;
    private static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    private static final int NFTA_SET_ELEM_LIST_SET = 2;
    private static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    private static final int NFTA_LIST_ELEM = 1;
    private static final int NFTA_SET_ELEM_KEY = 1;
    private static final int NFTA_DATA_VALUE = 1;

    private static final int NLMSG_HDRLEN = 16;
    private static final int NFGENMSG_LEN = 4;
    /** One element: list-elem, key and data headers, then address and port each in a 4-byte register. */
    private static final int ELEMENT_BYTES = 4 + 4 + 4 + 8;
    /** Keys per transaction: the batch must fit one send below the socket's default send buffer. */
    static final int MAX_KEYS_PER_TRANSACTION = 2048;
    private static final int BUFFER_BYTES = 256 + MAX_KEYS_PER_TRANSACTION * ELEMENT_BYTES;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment out = arena.allocate(BUFFER_BYTES, 8);
    private final MemorySegment in = arena.allocate(8192, 8);
    private final MemorySegment callState = LibC.newCallState(arena);
    private final ByteBuffer msg = out.asByteBuffer().order(ByteOrder.nativeOrder());
    private final ByteBuffer reply = in.asByteBuffer().order(ByteOrder.nativeOrder());
    private int fd;
    private int seq;

    NftNetlink() {
        try {
            fd = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
        } catch (SysException e) {
            arena.close();
            throw e;
        }
        try {
            LibC.setInt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1); // errors without the request echoed back
        } catch (SysException e) {
            close();
            throw e;
        }
    }

    /**
     * Removes {@code keys} from the set {@code set} of table {@code inet table}, at most
     * {@link #MAX_KEYS_PER_TRANSACTION} per transaction; a missing key is no error. Throws the kernel's
     * errno when it refuses, e.g. {@code EINVAL} on a kernel without destroy, {@code ENOENT} without the
     * table or set.
     */
    void destroyElements(String table, String set, Collection<FlowKey> keys) {
        if (fd < 0) throw new SysException("nft netlink socket closed");
        FlowKey[] all = keys.toArray(FlowKey[]::new);
        for (int from = 0; from < all.length; from += MAX_KEYS_PER_TRANSACTION) {
            int to = Math.min(all.length, from + MAX_KEYS_PER_TRANSACTION);
            drain();
            if (seq > 1 << 30) seq = 0; // sequence numbers only tell this socket's batches apart
            int firstSeq = seq + 1;
            int destroySeq = build(table, set, all, from, to);
            long n = LibC.send(fd, out, msg.position(), 0, callState);
            if (n != msg.position()) throw new SysException("nft netlink: sent " + n + " of " + msg.position() + " bytes");
            awaitAck(firstSeq, destroySeq);
        }
    }

    /** Drops answers left from an earlier transaction that failed before its acknowledgement was read. */
    private void drain() {
        while (LibC.recv(fd, in, in.byteSize(), LibC.MSG_DONTWAIT, callState) > 0) {
            // discard
        }
    }

    private int build(String table, String set, FlowKey[] keys, int from, int to) {
        msg.clear();
        header(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, 0);
        endMessage(0);
        int start = msg.position();
        int destroySeq = header((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_DESTROYSETELEM, (short) (NLM_F_REQUEST | NLM_F_ACK), NFPROTO_INET);
        string(NFTA_SET_ELEM_LIST_TABLE, table);
        string(NFTA_SET_ELEM_LIST_SET, set);
        int elements = nest(NFTA_SET_ELEM_LIST_ELEMENTS);
        for (int i = from; i < to; i++) {
            int elem = nest(NFTA_LIST_ELEM);
            int key = nest(NFTA_SET_ELEM_KEY);
            msg.putShort((short) (4 + 8)).putShort((short) NFTA_DATA_VALUE);
            msg.order(ByteOrder.BIG_ENDIAN).putInt(keys[i].addr()).putShort((short) keys[i].port()).putShort((short) 0)
                    .order(ByteOrder.nativeOrder());
            end(key);
            end(elem);
        }
        end(elements);
        endMessage(start);
        int endStart = msg.position();
        header(NFNL_MSG_BATCH_END, NLM_F_REQUEST, 0);
        endMessage(endStart);
        return destroySeq;
    }

    /** Writes the length of the message that starts at {@code start} and ends here. */
    private void endMessage(int start) {
        msg.putInt(start, msg.position() - start);
    }

    /** Writes a netlink header (length filled in later) and an nfgenmsg; returns its sequence number. */
    private int header(int type, short flags, int family) {
        int s = ++seq;
        msg.putInt(0).putShort((short) type).putShort(flags).putInt(s).putInt(0);
        msg.put((byte) family).put((byte) 0); // version NFNETLINK_V0
        boolean batch = type == NFNL_MSG_BATCH_BEGIN || type == NFNL_MSG_BATCH_END;
        msg.order(ByteOrder.BIG_ENDIAN).putShort((short) (batch ? NFNL_SUBSYS_NFTABLES : 0)).order(ByteOrder.nativeOrder());
        return s;
    }

    private void string(int type, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        int len = 4 + b.length + 1;
        msg.putShort((short) len).putShort((short) type).put(b).put((byte) 0);
        pad();
    }

    private int nest(int type) {
        int at = msg.position();
        msg.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
        return at;
    }

    private void end(int at) {
        msg.putShort(at, (short) (msg.position() - at));
    }

    private void pad() {
        while ((msg.position() & 3) != 0) msg.put((byte) 0);
    }

    /**
     * Reads the kernel's answers until the acknowledgement of {@code destroySeq}; an error for any
     * message of this batch (sequence numbers from {@code firstSeq}) fails it. The kernel runs a batch
     * inside the send, so the answers are queued when it returns: nothing here waits.
     */
    private void awaitAck(int firstSeq, int destroySeq) {
        while (true) {
            long n = LibC.recv(fd, in, in.byteSize(), LibC.MSG_DONTWAIT, callState);
            if (n < 0) throw new SysException("nft netlink: no acknowledgement of the transaction");
            for (int at = 0; at + NLMSG_HDRLEN <= n; ) {
                int len = reply.getInt(at);
                int type = reply.getShort(at + 4) & 0xffff;
                int s = reply.getInt(at + 8);
                if (len < NLMSG_HDRLEN) break;
                if (type == NLMSG_ERROR && len >= NLMSG_HDRLEN + 4 && s >= firstSeq && s <= seq) {
                    int error = reply.getInt(at + NLMSG_HDRLEN);
                    if (error != 0) throw LibC.fail("nft netlink destroy element", -error);
                    if (s == destroySeq) return;
                }
                at += (len + 3) & ~3;
            }
        }
    }

    @Override public void close() {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            try {
                LibC.close(f);
            } finally {
                arena.close();
            }
        }
    }
}
