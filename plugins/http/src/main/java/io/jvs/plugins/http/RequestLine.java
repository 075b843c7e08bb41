package io.jvs.plugins.http;

/**
 * Where the parts of a request line lie in the payload, as {@link RequestLineScanner} found them.
 *
 * <pre>
 *   GET /static/app.js HTTP/1.1 CR LF
 *   ^  ^^             ^     ^ ^      ^
 *   0  |targetStart   |     | |      lineEnd (exclusive)
 *      methodEnd      targetEnd  versionMajor = 1, versionMinor = 1
 * </pre>
 *
 * <p>Mutable, one per worker thread, refilled by each scan. Offsets are byte indexes into the
 * payload; a field the scan did not reach holds -1.
 */
final class RequestLine {

    /** The index of the method in the {@link MethodSet}, -1 when unknown. */
    int method = -1;
    /** End of the method token (the index of the space after it). */
    int methodEnd = -1;
    /** First byte of the request-target. */
    int targetStart = -1;
    /** End of the request-target, exclusive; for an incomplete line, the end of what was read. */
    int targetEnd = -1;
    /** The version's major digit, -1 until read. */
    int versionMajor = -1;
    /** The version's minor digit, -1 until read. */
    int versionMinor = -1;
    /** End of the line including its LF, exclusive; -1 while incomplete. */
    int lineEnd = -1;

    /** Forgets the previous scan. */
    void reset() {
        method = -1;
        methodEnd = -1;
        targetStart = -1;
        targetEnd = -1;
        versionMajor = -1;
        versionMinor = -1;
        lineEnd = -1;
    }

    /** {@return true when the method token is known and followed by a space} */
    boolean hasMethod() {
        return method >= 0;
    }
}
