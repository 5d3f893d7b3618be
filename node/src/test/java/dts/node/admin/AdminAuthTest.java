package dts.node.admin;

import dts.config.ClusterKey;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admin changes need a fresh proof of the cluster key for exactly this method and path. */
class AdminAuthTest {
    private final ClusterKey key = ClusterKey.generate();
    private final AdminAuth auth = new AdminAuth(key);

    @Test void aFreshSignatureForThisRequestPasses() {
        assertTrue(auth.verify("POST", "/reload", auth.sign("POST", "/reload", 1_000), 1_000 + AdminAuth.MAX_SKEW_SECONDS));
    }

    @Test void anythingElseFails() {
        String h = auth.sign("POST", "/reload", 1_000);
        assertFalse(auth.verify("POST", "/reload", h, 1_000 + AdminAuth.MAX_SKEW_SECONDS + 1), "stale");
        assertFalse(auth.verify("POST", "/other", h, 1_000), "another path");
        assertFalse(auth.verify("DELETE", "/reload", h, 1_000), "another method");
        assertFalse(auth.verify("POST", "/reload", new AdminAuth(ClusterKey.generate()).sign("POST", "/reload", 1_000), 1_000), "another key");
        assertFalse(auth.verify("POST", "/reload", null, 1_000));
        assertFalse(auth.verify("POST", "/reload", "x:" + "0".repeat(16) + ":" + "0".repeat(64), 1_000));
        assertFalse(auth.verify("POST", "/reload", "1000:zz", 1_000));
        assertFalse(auth.verify("POST", "/reload", "1000:" + "0".repeat(64), 1_000), "the old format, without a nonce");
    }

    @Test void aProofIsAcceptedOnceOnly() {
        String h = auth.sign("POST", "/move/node3/10", 1_000);
        assertTrue(auth.verify("POST", "/move/node3/10", h, 1_001));
        assertFalse(auth.verify("POST", "/move/node3/10", h, 1_002), "replayed within the window");
        assertTrue(auth.verify("POST", "/move/node3/10", auth.sign("POST", "/move/node3/10", 1_002), 1_002), "a new proof passes");
    }

    @Test void rememberedNoncesAreBoundedAndAgeOut() {
        for (int i = 0; i < AdminAuth.MAX_NONCES; i++) assertTrue(auth.verify("POST", "/drain", auth.sign("POST", "/drain", 1_000), 1_000));
        assertFalse(auth.verify("POST", "/drain", auth.sign("POST", "/drain", 1_000), 1_000), "full: refused, memory bounded");
        long later = 1_000 + 2 * AdminAuth.MAX_SKEW_SECONDS + 1;
        assertTrue(auth.verify("POST", "/drain", auth.sign("POST", "/drain", later), later), "old nonces aged out");
    }
}
