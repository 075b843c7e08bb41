package io.jvs.plugins.http;

/**
 * Parses an HTTP/1.x request line (RFC 9112 §3) from the first payload bytes, by hand, in one pass
 * and allocation-free; the equivalent of the classic pattern
 * {@code ^(GET|HEAD|POST|...) (\S+) HTTP/(\d)\.(\d)\r?\n} without a regex engine, so that its cost
 * is at most one read per byte of {@link PayloadBytes#length()}.
 *
 * <pre>
 *   request-line = method SP request-target SP "HTTP/" DIGIT "." DIGIT ( CRLF / LF )
 *   method       = one of the {@link MethodSet} (case-sensitive: "get" is not HTTP)
 *   request-target = 1*( %x21-7E )   (visible ASCII: no space, no control, no obs-text)
 * </pre>
 *
 * <p>Three outcomes: {@link #COMPLETE} (the whole line is there), {@link #INCOMPLETE} (every byte so
 * far fits, the line has not ended yet), {@link #NOT_HTTP} (a byte that cannot belong to such a line:
 * a TLS ClientHello, the HTTP/2 preface {@code PRI * HTTP/2.0}, a lower-case method, ...). The scan
 * decides as early as it can, so a non-HTTP stream need not wait for the byte bound.
 */
final class RequestLineScanner {

    /** Every byte of the line is there. */
    static final int COMPLETE = 0;
    /** The bytes so far are a valid beginning; the line has not ended within them. */
    static final int INCOMPLETE = 1;
    /** The bytes cannot start an HTTP/1.x request line. */
    static final int NOT_HTTP = 2;

    private static final long TCHAR_LOW;
    private static final long TCHAR_HIGH;

    static {
        long low = 0;
        long high = 0;
        String specials = "!#$%&'*+-.^_`|~";
        for (int c = 0; c < 128; c++) {
            boolean t = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || specials.indexOf(c) >= 0;
            if (t) {
                if (c < 64) {
                    low |= 1L << c;
                } else {
                    high |= 1L << (c - 64);
                }
            }
        }
        TCHAR_LOW = low;
        TCHAR_HIGH = high;
    }

    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    private RequestLineScanner() {
    }

    /**
     * Tells whether a character is a token character (RFC 9110 §5.6.2 {@code tchar}).
     *
     * @param c the character
     * @return true for ALPHA, DIGIT and {@code !#$%&'*+-.^_`|~}
     */
    static boolean isTokenChar(int c) {
        if (c < 0 || c >= 128) {
            return false;
        }
        return c < 64 ? (TCHAR_LOW & (1L << c)) != 0 : (TCHAR_HIGH & (1L << (c - 64))) != 0;
    }

    /**
     * Scans the request line. Reads each byte below {@code bytes.length()} at most once, never one
     * beyond; never throws on any input.
     *
     * @param bytes the payload, bounded
     * @param methods the recognised methods
     * @param out receives the offsets (reset first)
     * @return {@link #COMPLETE}, {@link #INCOMPLETE} or {@link #NOT_HTTP}
     */
    static int scan(PayloadBytes bytes, MethodSet methods, RequestLine out) {
        out.reset();
        int n = bytes.length();
        int longest = methods.longest();
        int i = 0;
        while (i < n) {
            int c = bytes.byteAt(i);
            if (c == ' ') {
                break;
            }
            if (!isTokenChar(c) || i >= longest) {
                return NOT_HTTP;
            }
            i++;
        }
        if (i == n) {
            return methods.startsAny(bytes, n) ? INCOMPLETE : NOT_HTTP;
        }
        if (i == 0) {
            return NOT_HTTP;
        }
        int method = methods.indexOf(bytes, i);
        if (method < 0) {
            return NOT_HTTP;
        }
        out.method = method;
        out.methodEnd = i;
        i++;
        out.targetStart = i;
        while (i < n) {
            int c = bytes.byteAt(i);
            if (c < 0x21 || c > 0x7E) {
                break;
            }
            i++;
        }
        out.targetEnd = i;
        if (i == n) {
            return INCOMPLETE;
        }
        if (i == out.targetStart || bytes.byteAt(i) != ' ') {
            return NOT_HTTP;
        }
        i++;
        for (byte expected : HTTP_SLASH) {
            if (i == n) {
                return INCOMPLETE;
            }
            if (bytes.byteAt(i) != expected) {
                return NOT_HTTP;
            }
            i++;
        }
        if (i == n) {
            return INCOMPLETE;
        }
        int major = bytes.byteAt(i) - '0';
        if (major < 0 || major > 9) {
            return NOT_HTTP;
        }
        out.versionMajor = major;
        i++;
        if (i == n) {
            return INCOMPLETE;
        }
        if (bytes.byteAt(i) != '.') {
            return NOT_HTTP;
        }
        i++;
        if (i == n) {
            return INCOMPLETE;
        }
        int minor = bytes.byteAt(i) - '0';
        if (minor < 0 || minor > 9) {
            return NOT_HTTP;
        }
        out.versionMinor = minor;
        i++;
        if (i == n) {
            return INCOMPLETE;
        }
        int c = bytes.byteAt(i);
        if (c == '\r') {
            i++;
            if (i == n) {
                return INCOMPLETE;
            }
            c = bytes.byteAt(i);
        }
        if (c != '\n') {
            return NOT_HTTP;
        }
        out.lineEnd = i + 1;
        return COMPLETE;
    }
}
