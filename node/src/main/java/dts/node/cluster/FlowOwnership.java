package dts.node.cluster;

import dts.splicer.nft.FlowTable;

/** What bucket leases do to the node's flow table (FlowTable in the node; a recorder in tests). */
public interface FlowOwnership {
    /** The buckets whose SYNs this node answers, replaced in one transaction. */
    void setOwnedBuckets(int[] buckets);

    /**
     * Holds the lease until {@code deadlineNanos} ({@link System#nanoTime}), never longer, however late
     * the write reaches the kernel: owned buckets answer SYNs only while it is held.
     */
    void renewLeaseUntil(long deadlineNanos);

    /** Gives the lease up at once. */
    void dropLease();

    /** The node's nftables flow table. */
    static FlowOwnership of(FlowTable table) {
        return new FlowOwnership() {
            @Override public void setOwnedBuckets(int[] buckets) { table.setOwnedBuckets(buckets); }

            @Override public void renewLeaseUntil(long deadlineNanos) { table.renewLeaseUntil(deadlineNanos); }

            @Override public void dropLease() { table.dropLease(); }
        };
    }

    /** For a group member without a flow table (a TEST member, a tool): does nothing. */
    FlowOwnership NONE = new FlowOwnership() {
        @Override public void setOwnedBuckets(int[] buckets) { }

        @Override public void renewLeaseUntil(long deadlineNanos) { }

        @Override public void dropLease() { }
    };
}
