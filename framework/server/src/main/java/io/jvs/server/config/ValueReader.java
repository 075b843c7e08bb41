package io.jvs.server.config;

import io.jvs.engine.packet.MacAddress;
import io.jvs.engine.service.IpAddress;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

/**
 * Converts YAML nodes to typed values, recording a problem (with the node's location and path) for
 * each one that does not fit. Each method returns {@code null} after recording the problem, so that
 * the caller can go on and find the next problem.
 */
final class ValueReader {

    private final ProblemList problems;

    /**
     * Creates a reader that records into a list.
     *
     * @param problems where problems go
     */
    ValueReader(ProblemList problems) {
        this.problems = problems;
    }

    /**
     * Returns the problem list.
     *
     * @return the list
     */
    ProblemList problems() {
        return problems;
    }

    /**
     * Records a problem about a node.
     *
     * @param node the node
     * @param path its path
     * @param message what is wrong
     */
    void problem(YamlNode node, String path, String message) {
        problems.add(node.location(), path, message);
    }

    /**
     * Reads an integer within bounds.
     *
     * @param node the node
     * @param path its path
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value, or {@code null} after recording a problem
     */
    Long integer(YamlNode node, String path, long min, long max) {
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.INTEGER) {
            problem(node, path, "expected an integer, got " + node.describe());
            return null;
        }
        return inRange(node, path, s.integer(), min, max);
    }

    /**
     * Reads a boolean: {@code true} or {@code false} (YAML 1.1's {@code yes}/{@code no}/{@code on}/{@code off}
     * as well).
     *
     * @param node the node
     * @param path its path
     * @return the value, or {@code null} after recording a problem
     */
    Boolean bool(YamlNode node, String path) {
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.BOOLEAN) {
            problem(node, path, "expected true or false, got " + node.describe());
            return null;
        }
        String text = s.text().toLowerCase(java.util.Locale.ROOT);
        return text.equals("true") || text.equals("yes") || text.equals("on");
    }

    /**
     * Reads a count: an integer, or a number with a suffix ({@link CountText}).
     *
     * @param node the node
     * @param path its path
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value, or {@code null} after recording a problem
     */
    Long count(YamlNode node, String path, long min, long max) {
        if (node instanceof YamlScalar s && s.type() == YamlScalar.Type.INTEGER) {
            return inRange(node, path, s.integer(), min, max);
        }
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.STRING) {
            problem(node, path, "expected a count (e.g. 65536 or 64Ki), got " + node.describe());
            return null;
        }
        try {
            return inRange(node, path, BigInteger.valueOf(CountText.parse(s.text())), min, max);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problem(node, path, e.getMessage() == null ? "'" + s.text() + "' is too large" : e.getMessage());
            return null;
        }
    }

    private Long inRange(YamlNode node, String path, BigInteger value, long min, long max) {
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            problem(node, path, value + " is out of " + min + ".." + max);
            return null;
        }
        return value.longValue();
    }

    /**
     * Reads a word from a fixed set (an enumeration such as {@code nat | dr | tunnel | fullnat}).
     *
     * @param node the node
     * @param path its path
     * @param choices the words allowed, lower case
     * @return the word, or {@code null} after recording a problem
     */
    String word(YamlNode node, String path, List<String> choices) {
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.STRING) {
            problem(node, path, "expected one of " + String.join(", ", choices) + ", got " + node.describe());
            return null;
        }
        if (!choices.contains(s.text())) {
            problem(node, path, "'" + s.text() + "' is not one of " + String.join(", ", choices)
                    + KeySuggestion.hint(s.text(), choices));
            return null;
        }
        return s.text();
    }

    /**
     * Reads a boolean ({@code true} or {@code false}, unquoted).
     *
     * @param node the node
     * @param path its path
     * @return the value, or {@code null} after recording a problem
     */
    Boolean flag(YamlNode node, String path) {
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.BOOLEAN) {
            problem(node, path, "expected true or false, got " + node.describe());
            return null;
        }
        String t = s.text().toLowerCase(java.util.Locale.ROOT);
        return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
    }

    /**
     * Reads a text.
     *
     * @param node the node
     * @param path its path
     * @param what what the text is, for the message ({@code "a directory"})
     * @return the text, or {@code null} after recording a problem
     */
    String text(YamlNode node, String path, String what) {
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.STRING || s.text().isBlank()) {
            problem(node, path, "expected " + what + ", got " + node.describe());
            return null;
        }
        return s.text();
    }

    /**
     * Reads an IPv4 or IPv6 address literal (never a host name).
     *
     * @param node the node
     * @param path its path
     * @return the address, or {@code null} after recording a problem
     */
    IpAddress address(YamlNode node, String path) {
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.STRING) {
            problem(node, path, "expected an IP address, got " + node.describe());
            return null;
        }
        IpAddress address = parseAddress(s.text());
        if (address == null) {
            problem(node, path, "'" + s.text() + "' is not an IPv4 or IPv6 address literal (host names are not"
                    + " resolved)");
        }
        return address;
    }

    /**
     * Parses an address literal without ever resolving a name.
     *
     * @param text the literal
     * @return the address, or {@code null} when the text is not an address literal
     */
    static IpAddress parseAddress(String text) {
        try {
            return IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Reads a MAC address, {@code 02:00:00:00:00:01}.
     *
     * @param node the node
     * @param path its path
     * @return the address in the low 48 bits, or {@code null} after recording a problem
     */
    Long mac(YamlNode node, String path) {
        if (!(node instanceof YamlScalar s)
                || (s.type() != YamlScalar.Type.STRING && s.type() != YamlScalar.Type.INTEGER)) {
            problem(node, path, "expected a MAC address such as \"02:00:00:00:00:01\", got " + node.describe());
            return null;
        }
        try {
            return MacAddress.parse(s.text().strip());
        } catch (IllegalArgumentException e) {
            problem(node, path, "'" + s.text() + "' is not a MAC address (six hexadecimal octets, e.g."
                    + " \"02:00:00:00:00:01\")");
            return null;
        }
    }

    /**
     * Reads a duration with a unit ({@link DurationText}).
     *
     * @param node the node
     * @param path its path
     * @param min the shortest allowed
     * @param max the longest allowed
     * @return the duration, or {@code null} after recording a problem
     */
    Duration duration(YamlNode node, String path, Duration min, Duration max) {
        if (node instanceof YamlScalar s && s.type() == YamlScalar.Type.INTEGER) {
            problem(node, path, "'" + s.text() + "' has no unit: write e.g. " + s.text() + "s (units: ms, s, m, h, d)");
            return null;
        }
        if (!(node instanceof YamlScalar s) || s.type() != YamlScalar.Type.STRING) {
            problem(node, path, "expected a duration such as 300s, got " + node.describe());
            return null;
        }
        Duration value;
        try {
            value = DurationText.parse(s.text());
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problem(node, path, s.text() + " is out of " + DurationText.format(min) + ".." + DurationText.format(max));
            return null;
        }
        return value;
    }

    /**
     * Checks that a node is a mapping.
     *
     * @param node the node
     * @param path its path
     * @return the mapping, or {@code null} after recording a problem
     */
    YamlMapping mapping(YamlNode node, String path) {
        if (node instanceof YamlMapping m) {
            return m;
        }
        problem(node, path, "expected a mapping (key: value lines or {key: value}), got " + node.describe());
        return null;
    }

    /**
     * Checks that a node is a list.
     *
     * @param node the node
     * @param path its path
     * @return the list, or {@code null} after recording a problem
     */
    YamlSequence sequence(YamlNode node, String path) {
        if (node instanceof YamlSequence l) {
            return l;
        }
        problem(node, path, "expected a list (- item lines or [a, b]), got " + node.describe());
        return null;
    }
}
