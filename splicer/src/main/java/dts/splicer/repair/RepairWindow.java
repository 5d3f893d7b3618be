package dts.splicer.repair;

/**
 * struct tcp_repair_window (TCP_REPAIR_WINDOW, Linux >= 4.8): the send and receive windows of a
 * socket, all u32 in the kernel, kept here as raw ints.
 *
 * @param sndWl1 segment sequence number used for the last window update
 * @param sndWnd send window in bytes, already scaled
 * @param maxWindow largest window the peer ever offered, in bytes
 * @param rcvWnd current receive window in bytes
 * @param rcvWup rcv_nxt at the last window update sent
 */
public record RepairWindow(int sndWl1, int sndWnd, int maxWindow, int rcvWnd, int rcvWup) {
}
