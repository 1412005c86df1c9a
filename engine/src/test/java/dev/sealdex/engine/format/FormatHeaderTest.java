package dev.sealdex.engine.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FormatHeaderTest {

    /** A 2-byte magic and a 1-byte version, reading versions 2 to 3. */
    private static final FormatHeader SHORT = FormatHeader.of("short", new byte[] {0x4C, 0x42}, 1, 2, 3);
    /** A 4-byte magic and a 2-byte version, with a CRC32C at 12 in the tests that use one. */
    private static final FormatHeader LONG = FormatHeader.of("long", new byte[] {0x53, 0x58, 0x53, 0x47}, 2, 1, 1);

    /** Records the fault and version a check rejected with. */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final FormatHeader.Fault fault;
        final int version;

        Rejected(FormatHeader.Fault fault, int version) {
            super(fault + " " + version);
            this.fault = fault;
            this.version = version;
        }
    }

    private static Rejected rejected(FormatHeader header, byte[] bytes) {
        return assertThrows(Rejected.class, () -> header.check(bytes, Rejected::new));
    }

    @Test
    void writesTheLayoutsInUse() {
        byte[] shortHeader = new byte[4];
        assertEquals(3, SHORT.write(shortHeader));
        assertArrayEquals(new byte[] {0x4C, 0x42, 3, 0}, shortHeader);
        byte[] longHeader = new byte[6];
        assertEquals(6, LONG.write(longHeader));
        assertArrayEquals(new byte[] {0x53, 0x58, 0x53, 0x47, 0, 1}, longHeader);
        // A little-endian buffer still gets a big-endian version field.
        ByteBuffer buffer = ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN);
        LONG.write(buffer).put((byte) 9);
        assertArrayEquals(new byte[] {0x53, 0x58, 0x53, 0x47, 0, 1, 9}, buffer.array());
        assertEquals(3, SHORT.length());
        assertEquals(6, LONG.length());
    }

    @Test
    void roundTrips() {
        byte[] bytes = new byte[8];
        SHORT.write(bytes);
        assertEquals(3, SHORT.check(bytes, Rejected::new));
        SHORT.write(bytes, 2);
        assertEquals(2, SHORT.check(bytes, Rejected::new));
        assertNull(SHORT.fault(bytes, bytes.length));
        byte[] withCrc = new byte[16];
        LONG.write(withCrc);
        withCrc[8] = 42;
        FormatHeader.writeCrc(withCrc, 12);
        assertEquals(1, LONG.check(withCrc, withCrc.length, 12, Rejected::new));
    }

    @Test
    void rejectsAWrongMagic() {
        byte[] bytes = new byte[4];
        SHORT.write(bytes);
        bytes[1] = 0x43;
        assertEquals(FormatHeader.Fault.MAGIC, rejected(SHORT, bytes).fault);
        byte[] other = new byte[6];
        LONG.write(other);
        other[3] = 0;
        assertEquals(FormatHeader.Fault.MAGIC, rejected(LONG, other).fault);
    }

    @Test
    void rejectsVersionsOutsideTheRangeAndSaysWhichItFound() {
        byte[] bytes = new byte[4];
        SHORT.write(bytes);
        bytes[2] = 1;
        Rejected below = rejected(SHORT, bytes);
        assertEquals(FormatHeader.Fault.VERSION, below.fault);
        assertEquals(1, below.version);
        bytes[2] = (byte) 200;
        Rejected above = rejected(SHORT, bytes);
        assertEquals(FormatHeader.Fault.VERSION, above.fault);
        assertEquals(200, above.version, "the version is read unsigned");
        byte[] wide = new byte[6];
        LONG.write(wide);
        wide[4] = 1;
        assertEquals(257, rejected(LONG, wide).version, "a 2-byte version is big-endian");
        assertThrows(IllegalArgumentException.class, () -> SHORT.write(new byte[4], 4));
    }

    @Test
    void rejectsTooFewBytes() {
        byte[] bytes = new byte[8];
        SHORT.write(bytes);
        assertEquals(FormatHeader.Fault.TRUNCATED, rejected(SHORT, new byte[2]).fault);
        assertEquals(FormatHeader.Fault.TRUNCATED,
                assertThrows(Rejected.class, () -> SHORT.check(bytes, 2, Rejected::new)).fault);
        assertEquals(FormatHeader.Fault.TRUNCATED, LONG.fault(new byte[14], 14, 12), "no room for the CRC");
    }

    @Test
    void checksTheCrcBeforeTheVersion() {
        byte[] bytes = new byte[16];
        LONG.write(bytes);
        FormatHeader.writeCrc(bytes, 12);
        bytes[8] ^= 1;
        assertEquals(FormatHeader.Fault.CRC,
                assertThrows(Rejected.class, () -> LONG.check(bytes, bytes.length, 12, Rejected::new)).fault);
        // A damaged version field is damage (CRC), not a newer format.
        bytes[8] ^= 1;
        bytes[5] = 7;
        assertEquals(FormatHeader.Fault.CRC, LONG.fault(bytes, bytes.length, 12));
        FormatHeader.writeCrc(bytes, 12);
        assertEquals(FormatHeader.Fault.VERSION, LONG.fault(bytes, bytes.length, 12));
        // A wrong magic is reported as such even when the CRC also fails.
        bytes[0] = 0;
        assertEquals(FormatHeader.Fault.MAGIC, LONG.fault(bytes, bytes.length, 12));
    }

    @Test
    void writesTheCrcBigEndian() {
        byte[] bytes = new byte[8];
        FormatHeader.writeCrc(bytes, 4);
        int crc = FormatHeader.crc32c(bytes, 0, 4);
        assertEquals(crc, ByteBuffer.wrap(bytes, 4, 4).getInt());
    }

    @Test
    void refusesHeadersOutsideTheLayoutsItCovers() {
        assertThrows(IllegalArgumentException.class, () -> FormatHeader.of("x", new byte[3], 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FormatHeader.of("x", new byte[2], 3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FormatHeader.of("x", new byte[2], 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> FormatHeader.of("x", new byte[2], 1, 1, 256));
    }
}
