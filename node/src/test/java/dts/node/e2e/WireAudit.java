package dts.node.e2e;

import dts.splicer.sys.Netns;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Pcap4J capture on the client's interface inside its namespace for the length of a test: counts
 * RST segments from the VIP, SYN-ACKs, and SYN-ACKs that answer an already answered SYN (a second
 * owner, or a retransmission). Needs Debian's libpcap0.8.
 */
final class WireAudit implements AutoCloseable {
    static {
        if (System.getProperty("org.pcap4j.core.pcapLibName") == null) {
            System.setProperty("org.pcap4j.core.pcapLibName", "libpcap.so.0.8");
        }
    }

    private final String vip;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong rstFromVip = new AtomicLong();
    private final AtomicLong synAcks = new AtomicLong();
    private final AtomicLong duplicateSynAcks = new AtomicLong();
    private final AtomicLong conflictingSynAcks = new AtomicLong();
    private final Map<Long, Long> synAckSeqByFlow = new HashMap<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread thread;
    private volatile PcapHandle handle;
    private volatile Throwable failure;
    private volatile long dropped;

    WireAudit(String netns, String vip, int port) throws InterruptedException {
        this.vip = vip;
        thread = Thread.ofPlatform().name("wire-audit").start(() -> {
            try {
                Netns.enter(netns);
                PcapNetworkInterface nif = Pcaps.findAllDevs().stream()
                        .filter(d -> !d.isLoopBack() && !d.getName().equals("lo") && !d.getName().equals("any"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no interface in " + netns));
                handle = new PcapHandle.Builder(nif.getName()).snaplen(128)
                        .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                        .timeoutMillis(10).bufferSize(64 << 20).build();
                // only SYN and RST segments: a full capture of GBs of bodies would drop packets
                handle.setFilter("tcp port " + port + " and (tcp[tcpflags] & (tcp-syn|tcp-rst) != 0)",
                        BpfProgram.BpfCompileMode.OPTIMIZE);
                started.countDown();
                handle.loop(-1, (Packet p) -> inspect(p));
            } catch (InterruptedException e) {
                // breakLoop
            } catch (Throwable t) {
                failure = t;
                started.countDown();
            }
        });
        if (!started.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("capture did not start");
        if (failure != null) throw new IllegalStateException("capture failed: " + failure, failure);
    }

    private void inspect(Packet p) {
        packets.incrementAndGet();
        IpV4Packet ip = p.get(IpV4Packet.class);
        TcpPacket tcp = p.get(TcpPacket.class);
        if (ip == null || tcp == null) return;
        if (!ip.getHeader().getSrcAddr().getHostAddress().equals(vip)) return;
        TcpPacket.TcpHeader h = tcp.getHeader();
        if (h.getRst()) rstFromVip.incrementAndGet();
        if (h.getSyn() && h.getAck()) {
            synAcks.incrementAndGet();
            long flow = ((long) h.getDstPort().valueAsInt() << 32) | (h.getAcknowledgmentNumber() & 0xffffffffL);
            Long prev = synAckSeqByFlow.putIfAbsent(flow, (long) h.getSequenceNumber());
            if (prev != null) {
                duplicateSynAcks.incrementAndGet();
                if (prev != h.getSequenceNumber()) conflictingSynAcks.incrementAndGet();
            }
        }
    }

    long packets() { return packets.get(); }
    long rstFromVip() { return rstFromVip.get(); }
    long synAcks() { return synAcks.get(); }
    long duplicateSynAcks() { return duplicateSynAcks.get(); }
    long conflictingSynAcks() { return conflictingSynAcks.get(); }
    /** Packets the kernel dropped before the capture saw them (known after close). */
    long dropped() { return dropped; }

    @Override
    public void close() throws Exception {
        Thread.sleep(300); // let the last segments arrive
        PcapHandle h = handle;
        if (h != null) {
            dropped = h.getStats().getNumPacketsDropped();
            h.breakLoop();
            thread.join(5_000);
            h.close();
        }
        if (failure != null) throw new IllegalStateException("capture failed: " + failure, failure);
    }

    @Override
    public String toString() {
        return "packets=" + packets + " synAcks=" + synAcks + " duplicateSynAcks=" + duplicateSynAcks
                + " conflictingSynAcks=" + conflictingSynAcks + " rstFromVip=" + rstFromVip + " dropped=" + dropped;
    }
}
