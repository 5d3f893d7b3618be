package dts.splicer.nft;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The nft command text of a node's flow table {@code inet dts}. Pure string building; each method's
 * text is run as one {@code nft_run_cmd_from_buffer}, i.e. one atomic kernel transaction.
 *
 * <p>Rule shape (DESIGN.md section 2, with the claim of {@link FlowTable#claim}), for
 * {@code ip daddr VIP tcp dport PORT} only:
 * <ol>
 *   <li>a SYN whose {@code jhash ip saddr . tcp sport mod B seed S} is in {@code @owned}, while this
 *       node's lease is held ({@code meta nfproto @lease}: one element with a timeout that the daemon
 *       renews; a frozen, crashed or cut-off daemon stops renewing and its node stops answering SYNs by
 *       itself when the element expires), and that
 *       meets the node's listener ({@code socket wildcard 1}) or a TIME_WAIT socket of its own for the
 *       same 4-tuple ({@code socket transparent 1}: a client reusing its port, which the time-wait
 *       socket hands to the listener): {@code update @mine} and accept; any other SYN is dropped. So a
 *       SYN never reaches a socket of a node that does not own its bucket (a TIME_WAIT socket elsewhere
 *       cannot answer it), and a node whose daemon died, leaving its table behind, drops SYNs silently
 *       (the client retries) instead of answering RST;</li>
 *   <li>{@code socket transparent 1 accept}: a socket this node claims holds the flow, in any TCP
 *       state: established, closing, or TIME_WAIT (the claim, IP_TRANSPARENT, is inherited by the
 *       time-wait socket, unlike {@code socket wildcard 0}, which breaks on it, so the client's last
 *       FIN would be dropped and the client left in LAST_ACK). The listener is never claimed;</li>
 *   <li>{@code ip saddr . tcp sport @mine accept}, while the lease or its tail is held ({@code @lease_tail}:
 *       renewed with the lease, {@link FlowTable#LEASE_TAIL_MILLIS} longer, and kept when the lease is
 *       dropped): handshake completion and request before the accepted socket is claimed. A SYN answered
 *       in the lease's last moment, or just before the node withdrew, still completes its handshake;
 *       without the tail its final ACK would be dropped and the kernel would resend its SYN-ACK into a
 *       flow nobody can finish. Entries are short-lived (flow-timeout-seconds) and dead once the tail ran
 *       out, so after a frozen or crashed owner's buckets moved (no sooner than lease plus tail after its
 *       last renewal), its stale entries cannot take a new flow of the same client port into its TCP
 *       (which would answer with RST);</li>
 *   <li>drop. Never reject: every node sees every frame.</li>
 * </ol>
 * And on output: no RST ever leaves from VIP:PORT (counted in {@code rsts_suppressed}). A RST from
 * the shared address could reach a flow that another node holds; the kernel sends them when a process
 * dies with unread bytes on its sockets, or when a stray segment meets no socket. A connection this
 * node aborts (its daemon killed) therefore stalls at the client until the client's timeout instead
 * of failing at once.
 * The hash is compared through {@code meta mark} against a {@code type mark} set (a direct compare
 * is a datatype mismatch; a {@code typeof jhash} set crashes nft 1.0.6). Side effect: only SYNs to
 * VIP:PORT have their mark written, and the chain sets it back to 0 before its verdict, so accepted
 * SYNs go on with mark 0 (a mark set earlier, e.g. by tc, is cleared on these SYNs only) and
 * {@code net.ipv4.tcp_fwmark_accept} cannot leak a bucket number into the accepted socket's mark.
 */
final class FlowRules {
    /** The table's name and family as netlink names them ({@link NftNetlink}). */
    static final String TABLE_NAME = "dts";
    static final String TABLE = "inet " + TABLE_NAME;
    static final String OWNED_SET = "owned";
    static final String MINE_SET = "mine";
    static final String LEASE_SET = "lease";
    static final String LEASE_TAIL_SET = "lease_tail";
    static final String RST_COUNTER = "rsts_suppressed";
    /** Upper bound of {@code @mine}: entries live from SYN until {@code flowTimeoutSeconds} after it. */
    static final int MINE_MAX_ELEMENTS = 1 << 20;

    private FlowRules() {}

    /** Replaces any table {@code inet dts} with a fresh one owning {@code owned}. */
    static String install(FlowTable.Spec spec, int[] owned) {
        String seed = "0x" + Integer.toHexString(spec.hashSeed());
        String text = """
                add table %1$s
                delete table %1$s
                table %1$s {
                  set %2$s { type mark; }
                  set %10$s { type nf_proto; flags timeout; }
                  set %12$s { type nf_proto; flags timeout; }
                  set %3$s { type ipv4_addr . inet_service; size %4$d; flags dynamic,timeout; timeout %5$ds; }
                  counter %11$s { }
                  chain prerouting {
                    type filter hook prerouting priority -300; policy accept;
                    ip daddr %6$s tcp dport %7$d jump vip
                  }
                  chain output {
                    type filter hook output priority -300; policy accept;
                    ip saddr %6$s tcp sport %7$d tcp flags & rst == rst counter name %11$s drop
                  }
                  chain vip {
                    tcp flags & (syn|ack) == syn jump syn
                    socket transparent 1 accept
                    meta nfproto @%12$s ip saddr . tcp sport @%3$s accept
                    drop
                  }
                  chain syn {
                    meta mark set jhash ip saddr . tcp sport mod %8$d seed %9$s
                    meta nfproto @%10$s meta mark @%2$s socket wildcard 1 meta mark set 0 update @%3$s { ip saddr . tcp sport } accept
                    meta nfproto @%10$s meta mark @%2$s socket transparent 1 meta mark set 0 update @%3$s { ip saddr . tcp sport } accept
                    meta mark set 0 drop
                  }
                }
                """.formatted(TABLE, OWNED_SET, MINE_SET, MINE_MAX_ELEMENTS, spec.flowTimeoutSeconds(),
                spec.vip(), spec.port(), spec.buckets(), seed, LEASE_SET, RST_COUNTER, LEASE_TAIL_SET);
        return text + addOwned(owned);
    }

    /**
     * Holds the lease for {@code millis} from now and its tail {@code tailMillis} longer (replacing the
     * previous expiries), one transaction.
     */
    static String renewLease(long millis, long tailMillis) {
        return holdFor(LEASE_SET, millis) + holdFor(LEASE_TAIL_SET, millis + tailMillis);
    }

    /** Empties the one-element set {@code set} and adds its element with {@code millis} to live. */
    private static String holdFor(String set, long millis) {
        return "flush set " + TABLE + " " + set + "\nadd element " + TABLE + " " + set + " { ipv4 timeout " + millis + "ms }\n";
    }

    /** Gives the lease up at once: no SYN is answered until it is renewed. */
    static String dropLease() { // the tail stays: handshakes under way may still complete
        return "flush set " + TABLE + " " + LEASE_SET + "\n";
    }

    /** Flushes {@code @owned} and adds {@code owned}: one transaction, no window with an empty set. */
    static String replaceOwned(int[] owned) {
        return "flush set " + TABLE + " " + OWNED_SET + "\n" + addOwned(owned);
    }

    private static String addOwned(int[] owned) {
        if (owned.length == 0) return "";
        StringBuilder sb = new StringBuilder(owned.length * 6 + 48);
        sb.append("add element ").append(TABLE).append(' ').append(OWNED_SET).append(" { ");
        for (int i = 0; i < owned.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(owned[i]);
        }
        return sb.append(" }\n").toString();
    }

    /**
     * Removes {@code keys} from {@code @mine}. The whole transaction fails when one key is missing
     * (its entry timed out): nft 1.0.6 has no {@code destroy}. {@code keys} must hold no duplicates.
     */
    static String forget(Collection<FlowKey> keys) {
        return "delete element " + TABLE + " " + MINE_SET + " " + elements(keys) + "\n";
    }

    /**
     * Removes {@code keys} from {@code @mine} and cannot fail for a missing key: each key is first
     * added (a no-op when present) and then deleted in the same transaction. Costs about twice
     * {@link #forget}, so it is the fallback, not the first try.
     */
    static String forgetTolerant(Collection<FlowKey> keys) {
        String elements = elements(keys);
        return "add element " + TABLE + " " + MINE_SET + " " + elements + "\n"
                + "delete element " + TABLE + " " + MINE_SET + " " + elements + "\n";
    }

    private static String elements(Collection<FlowKey> keys) {
        return keys.stream().map(FlowKey::toNft).collect(Collectors.joining(", ", "{ ", " }"));
    }

    /**
     * What a node leaves behind when it stops: the table stays, dropping every packet to VIP:PORT, so
     * the kernel never answers another node's flow (the VIP stays on the interface) until a daemon
     * installs the table again.
     */
    static String dropAll() {
        return "flush chain " + TABLE + " vip\nadd rule " + TABLE + " vip drop\n";
    }

    /** The suppressed-RST counter, e.g. {@code counter rsts_suppressed { packets 3 bytes 120 }}. */
    static String listRstCounter() {
        return "list counter " + TABLE + " " + RST_COUNTER + "\n";
    }

    /** Deletes the table; no error when it does not exist. */
    static String deleteTable() {
        return "add table " + TABLE + "\ndelete table " + TABLE + "\n";
    }
}
