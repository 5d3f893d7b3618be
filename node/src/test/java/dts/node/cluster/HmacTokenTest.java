package dts.node.cluster;

import org.jgroups.EmptyMessage;
import org.jgroups.Message;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JOIN/MERGE token passes only for its own sender, under the cluster's key, while fresh. */
class HmacTokenTest {
    private final byte[] key = dts.config.ClusterKey.generate().derive("dts/membership/auth");
    private final HmacToken ours = new HmacToken(key);
    private final UUID joiner = UUID.randomUUID();
    private final Message join = new EmptyMessage().setSrc(joiner);

    @Test void aFreshTokenOfTheSenderPasses() {
        assertTrue(ours.authenticate(HmacToken.signed(key, joiner, System.currentTimeMillis()), join));
    }

    @Test void anotherKeySenderOrTimeFails() {
        long now = System.currentTimeMillis();
        assertFalse(ours.authenticate(HmacToken.signed(dts.config.ClusterKey.generate().derive("x"), joiner, now), join), "key");
        assertFalse(ours.authenticate(HmacToken.signed(key, UUID.randomUUID(), now), join), "another sender's token");
        assertFalse(ours.authenticate(HmacToken.signed(key, joiner, now - HmacToken.MAX_SKEW_MILLIS - 1_000), join), "stale");
        assertFalse(new HmacToken().authenticate(HmacToken.signed(key, joiner, now), join), "a received token decides nothing");
    }

    /** A merge leader's request to itself comes back through loopback with this very (unserialized) token. */
    @Test void ownLoopbackTokenPassesAnUnsignedCopyDoesNot() {
        assertTrue(ours.authenticate(ours, join), "the same token object: never left the process");
        assertFalse(ours.authenticate(new HmacToken(), join), "an unsigned token from outside");
    }
}
