package io.dsec2.internal.create;

import io.dsec2.spi.StateStore;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The per-cluster key of the configuration digests ({@link RunningConfig#nodeDigest}): 32 random bytes kept in the
 * state store under {@value #KEY}, made on first use. Digests cover the secrets file, so an unkeyed digest on a
 * node or in the config history would let anyone who reads it test password guesses offline; keyed, they cannot
 * without this key. Thread-safe (stateless; a race between two first uses keeps whichever write landed last, read
 * back before use).
 */
final class DigestKey {
    static final String KEY = "digest-key";
    private static final int LENGTH = 32;

    private DigestKey() {
    }

    /**
     * @param store the cluster's state store
     * @param clusterId the cluster
     * @return the key, created and stored if absent
     */
    static byte[] of(StateStore store, String clusterId) {
        Optional<byte[]> existing = store.read(clusterId, KEY);
        if (existing.isPresent() && existing.get().length == LENGTH) {
            return existing.get();
        }
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        store.write(clusterId, KEY, key);
        return store.read(clusterId, KEY).filter(k -> k.length == LENGTH).orElse(key);
    }
}
