package io.jvs.plugins.offsethash;

import java.util.List;

/**
 * What {@code offh} does with a new flow whose first datagram is too short to hold the session id
 * (fewer than {@code offset + offlen} payload bytes).
 */
public enum ShortPayloadPolicy {

    /** Choose by a digest of the client's address through the same table; counted as {@code short-payload-fallbacks}. */
    SOURCE_HASH("source-hash"),

    /** Refuse the flow (the engine drops the datagram); counted as {@code short-payload-drops}. */
    DROP("drop");

    private final String word;

    ShortPayloadPolicy(String word) {
        this.word = word;
    }

    /**
     * Returns the word used in configuration.
     *
     * @return {@code source-hash} or {@code drop}
     */
    public String word() {
        return word;
    }

    /**
     * Returns the words of every policy, for the parameter declaration.
     *
     * @return the words, in declaration order
     */
    public static List<String> words() {
        return List.of(SOURCE_HASH.word, DROP.word);
    }

    /**
     * Finds a policy by its word.
     *
     * @param word {@code source-hash} or {@code drop}
     * @return the policy
     * @throws IllegalArgumentException for any other word
     */
    public static ShortPayloadPolicy of(String word) {
        for (ShortPayloadPolicy policy : values()) {
            if (policy.word.equals(word)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("must be one of " + words() + ", got " + word);
    }
}
