package io.jvs.plugins.maglev;

import java.util.ArrayList;
import java.util.List;

/**
 * Which fields of a new flow's first packet the {@code mh} scheduler hashes to pick a table slot
 * (parameter {@value MaglevSchedulerFactory#HASH_FIELDS}).
 */
public enum HashFields {
    /** The source address only, as IPVS {@code mh} without flags: all connections of a client go to one destination. */
    SOURCE_IP("source-ip"),
    /** The source address and port, as IPVS {@code mh} with {@code mh-port}: a client's connections spread. */
    SOURCE_IP_PORT("source-ip-port"),
    /** Source and destination addresses and ports and the protocol: the classic ECMP 5-tuple. */
    FIVE_TUPLE("5-tuple");

    private final String parameterValue;

    HashFields(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /**
     * Returns the word used in configuration.
     *
     * @return {@code source-ip}, {@code source-ip-port} or {@code 5-tuple}
     */
    public String parameterValue() {
        return parameterValue;
    }

    /**
     * Tells whether the source port is hashed.
     *
     * @return {@code true} for {@link #SOURCE_IP_PORT} and {@link #FIVE_TUPLE}
     */
    public boolean includesSourcePort() {
        return this != SOURCE_IP;
    }

    /**
     * Tells whether the destination (virtual) address and port and the protocol are hashed.
     *
     * @return {@code true} for {@link #FIVE_TUPLE}
     */
    public boolean includesDestination() {
        return this == FIVE_TUPLE;
    }

    /**
     * Returns the fields with the source port added, as the IPVS {@code mh-port} flag does.
     *
     * @return {@link #SOURCE_IP_PORT} for {@link #SOURCE_IP}; this otherwise
     */
    public HashFields withSourcePort() {
        return this == SOURCE_IP ? SOURCE_IP_PORT : this;
    }

    /**
     * Finds the fields named by a configuration word.
     *
     * @param value a word from {@link #parameterValues()}
     * @return the fields
     * @throws IllegalArgumentException for any other word
     */
    public static HashFields fromParameterValue(String value) {
        for (HashFields fields : values()) {
            if (fields.parameterValue.equals(value)) {
                return fields;
            }
        }
        throw new IllegalArgumentException("unknown hash fields '" + value + "'; known: " + parameterValues());
    }

    /**
     * Returns every configuration word, in declaration order.
     *
     * @return {@code [source-ip, source-ip-port, 5-tuple]}
     */
    public static List<String> parameterValues() {
        List<String> words = new ArrayList<>();
        for (HashFields fields : values()) {
            words.add(fields.parameterValue);
        }
        return List.copyOf(words);
    }
}
