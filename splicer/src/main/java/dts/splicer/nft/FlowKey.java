package dts.splicer.nft;

/** A client endpoint of a flow to the VIP: IPv4 address (as a big-endian int) and TCP port. */
record FlowKey(int addr, int port) {
    FlowKey {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("clientPort: " + port + " (expected: 0..65535)");
    }

    static FlowKey of(byte[] clientAddr, int clientPort) {
        if (clientAddr == null || clientAddr.length != 4) {
            throw new IllegalArgumentException("clientAddr: " + (clientAddr == null ? "null" : clientAddr.length + " bytes")
                    + " (expected: 4-byte IPv4 address)");
        }
        int a = ((clientAddr[0] & 0xff) << 24) | ((clientAddr[1] & 0xff) << 16) | ((clientAddr[2] & 0xff) << 8) | (clientAddr[3] & 0xff);
        return new FlowKey(a, clientPort);
    }

    /** The element as nft writes it: {@code 198.18.0.100 . 40000}. */
    String toNft() {
        return (addr >>> 24) + "." + ((addr >>> 16) & 0xff) + "." + ((addr >>> 8) & 0xff) + "." + (addr & 0xff) + " . " + port;
    }

    @Override public String toString() { return toNft(); }
}
