package io.jvs.server.config;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A YAML scalar: its type as YAML resolved it, its text as written, and where it stands.
 *
 * @param type how YAML typed it (a quoted {@code "80"} is a {@link Type#STRING}, a plain {@code 80}
 *     an {@link Type#INTEGER})
 * @param text the scalar as written, without quotes
 * @param integer the value of an {@link Type#INTEGER} (YAML also allows {@code 0x1f}, {@code 1_000}),
 *     else {@code null}
 * @param location where it stands
 */
public record YamlScalar(Type type, String text, BigInteger integer, ConfigLocation location) implements YamlNode {

    /** How YAML typed a scalar. */
    public enum Type {
        /** Text, quoted or plain. */
        STRING,
        /** An integer. */
        INTEGER,
        /** A floating-point number. */
        FLOAT,
        /** {@code true} or {@code false} (YAML 1.1 also reads {@code yes}, {@code no}, {@code on}, {@code off}). */
        BOOLEAN,
        /** {@code null}, {@code ~} or nothing at all: the key's default applies. */
        NULL
    }

    /** Checks the values. */
    public YamlScalar {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
        if ((type == Type.INTEGER) != (integer != null)) {
            throw new IllegalArgumentException("an integer scalar, and only one, carries its value");
        }
    }

    /**
     * Tells whether this is YAML's null (an empty value).
     *
     * @return {@code true} for null
     */
    public boolean isNull() {
        return type == Type.NULL;
    }

    @Override
    public String describe() {
        return switch (type) {
            case STRING -> "a string (\"" + text + "\")";
            case INTEGER -> "an integer (" + text + ")";
            case FLOAT -> "a number (" + text + ")";
            case BOOLEAN -> "a boolean (" + text + ")";
            case NULL -> "nothing";
        };
    }
}
