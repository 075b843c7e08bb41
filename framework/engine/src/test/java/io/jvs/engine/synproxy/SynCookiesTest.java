package io.jvs.engine.synproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvs.spi.AddressFamily;
import org.junit.jupiter.api.Test;

class SynCookiesTest {

    static final int CLIENT = 0xC6336410;
    static final int VIP = 0xCB007101;
    static final long T0 = 5 * SynCookies.MINUTE_NANOS + 123_456_789L;

    final SynCookies cookies = new SynCookies(0x0706050403020100L, 0x0F0E0D0C0B0A0908L);

    @Test
    void shouldMatchSipHashReferenceVectors() {
        // Reference vectors of the SipHash paper's implementation: key 00..0f, messages 00..(n-1).
        SipHash h = new SipHash();
        assertEquals(0x726fdb47dd0e0e31L, h.begin(0x0706050403020100L, 0x0F0E0D0C0B0A0908L).finish(0));
        assertEquals(0x93f5f5799a932462L,
                h.begin(0x0706050403020100L, 0x0F0E0D0C0B0A0908L).word(0x0706050403020100L).finish(8));
    }

    int cookie4(int isn, int mssIndex, long now) {
        return cookies.cookie(AddressFamily.IPV4, CLIENT, 0, 0, 0, VIP, 0, 0, 0, 40000, 80, isn, mssIndex, now);
    }

    int check4(SynCookies c, int isn, int cookie, long now) {
        return c.check(AddressFamily.IPV4, CLIENT, 0, 0, 0, VIP, 0, 0, 0, 40000, 80, isn, cookie, now);
    }

    @Test
    void shouldRoundTripEveryMssIndex() {
        for (int index = 0; index < 4; index++) {
            int c = cookie4(0x12345678, index, T0);
            assertEquals(index, check4(cookies, 0x12345678, c, T0));
        }
    }

    @Test
    void shouldRoundTripIpv6() {
        int c = cookies.cookie(AddressFamily.IPV6, 0x20010db8, 0xc, 0, 0x10, 0x20010db8, 0xf, 0, 1, 40000, 443,
                -5, 3, T0);
        assertEquals(3, cookies.check(AddressFamily.IPV6, 0x20010db8, 0xc, 0, 0x10, 0x20010db8, 0xf, 0, 1, 40000, 443,
                -5, c, T0));
        assertEquals(-1, cookies.check(AddressFamily.IPV6, 0x20010db8, 0xc, 0, 0x11, 0x20010db8, 0xf, 0, 1, 40000,
                443, -5, c, T0));
    }

    @Test
    void shouldAcceptTheCurrentAndThePreviousMinuteOnly() {
        int c = cookie4(77, 2, T0);
        assertEquals(2, check4(cookies, 77, c, T0 + SynCookies.MINUTE_NANOS - 200_000_000L));
        assertEquals(2, check4(cookies, 77, c, T0 + SynCookies.MINUTE_NANOS));
        assertEquals(-1, check4(cookies, 77, c, T0 + 2 * SynCookies.MINUTE_NANOS));
        assertEquals(-1, check4(cookies, 77, c, T0 - SynCookies.MINUTE_NANOS));
    }

    @Test
    void shouldRefuseAnotherKeyAnotherTupleOrAnotherIsn() {
        int c = cookie4(1000, 1, T0);
        assertEquals(-1, check4(new SynCookies(1, 2), 1000, c, T0));
        // As with Linux, an ISN a little too high reads as a smaller MSS index; farther off, as garbage.
        assertEquals(0, check4(cookies, 1001, c, T0));
        assertEquals(-1, check4(cookies, 1002, c, T0));
        assertEquals(-1, check4(cookies, 1000 + 100_000, c, T0));
        assertEquals(-1, cookies.check(AddressFamily.IPV4, CLIENT, 0, 0, 0, VIP, 0, 0, 0, 40001, 80, 1000, c, T0));
        assertEquals(1, check4(cookies.copy(), 1000, c, T0));
    }

    @Test
    void shouldRefuseAlmostEveryRandomCookie() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int accepted = 0;
        for (int n = 0; n < 100_000; n++) {
            if (check4(cookies, random.nextInt(), random.nextInt(), T0) >= 0) {
                accepted++;
            }
        }
        // 4 valid values of 2^24 for each of two counts: about 0.05 expected.
        assertTrue(accepted <= 2, "accepted " + accepted);
    }

    @Test
    void shouldPickTheLargestTableMssNotAboveTheClients() {
        assertEquals(0, SynCookies.mssIndex(AddressFamily.IPV4, -1));
        assertEquals(0, SynCookies.mssIndex(AddressFamily.IPV4, 1299));
        assertEquals(1, SynCookies.mssIndex(AddressFamily.IPV4, 1300));
        assertEquals(2, SynCookies.mssIndex(AddressFamily.IPV4, 1459));
        assertEquals(3, SynCookies.mssIndex(AddressFamily.IPV4, 9000));
        assertEquals(1460, SynCookies.mss(AddressFamily.IPV4, 3));
        assertEquals(1440, SynCookies.mss(AddressFamily.IPV6, SynCookies.mssIndex(AddressFamily.IPV6, 1440)));
        assertEquals(8940, SynCookies.mss(AddressFamily.IPV6, 3));
    }

    @Test
    void shouldCarryOptionsInTheTimestampsLowBits() {
        long now = 1_000_000_123_456_789L;
        int ts = SynCookies.timestamp(now, 7, true, false);
        assertEquals(7, SynCookies.windowScale(ts));
        assertTrue(SynCookies.sackPermitted(ts));
        assertFalse(SynCookies.ecn(ts));
        long millis = (now / 1_000_000L) & 0xFFFF_FFFFL;
        long value = ts & 0xFFFF_FFFFL;
        assertTrue(value <= millis && millis - value < 64, "TSval " + value + " vs now " + millis);
        int none = SynCookies.timestamp(now, -1, false, true);
        assertEquals(-1, SynCookies.windowScale(none));
        assertFalse(SynCookies.sackPermitted(none));
        assertTrue(SynCookies.ecn(none));
        assertTrue(SynCookies.isValidTimestamp(none));
        assertTrue(SynCookies.isValidTimestamp(ts));
    }
}
