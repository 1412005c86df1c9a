package dev.sealdex.engine.format;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The header every stored Sealdex format starts with: a magic of 2 or 4 bytes, then the format
 * version in 1 byte or 2 (big-endian), at offset 0. One instance describes one format: its name,
 * magic, version width and the range of versions this code reads.
 *
 * <table>
 *   <caption>Header bytes</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>m (2 or 4)</td><td>magic</td></tr>
 *   <tr><td>m</td><td>v (1 or 2)</td><td>format version, big-endian</td></tr>
 * </table>
 *
 * <p>What follows the header is the format's own, as is any CRC32C: {@link #fault(byte[], int, int)}
 * checks a big-endian CRC32C of the bytes before it, which is how the segment and manifest headers
 * store theirs. A check names what is wrong as a {@link Fault} and leaves the exception to the
 * format, because each format reports damage its own way (a file and offset for the store, an
 * {@code IntegrityException} for sealed objects, and so on).
 */
public final class FormatHeader {

    /** What a header check found wrong, in the order the checks run. */
    public enum Fault {
        /** Fewer bytes than the header. */
        TRUNCATED,
        /** The magic does not match: not this format at all. */
        MAGIC,
        /** The CRC32C does not match: damage (checked before the version, so damage is not taken for a newer format). */
        CRC,
        /** The version is outside the range this code reads. */
        VERSION
    }

    /** Builds a format's exception for a fault; {@code version} is the version field as read (0 when truncated). */
    @FunctionalInterface
    public interface Rejection<E extends RuntimeException> {
        /** The exception to throw for {@code fault}. */
        E reject(Fault fault, int version);
    }

    private final String name;
    private final byte[] magic;
    private final int versionBytes;
    private final int oldest;
    private final int newest;

    private FormatHeader(String name, byte[] magic, int versionBytes, int oldest, int newest) {
        this.name = name;
        this.magic = magic;
        this.versionBytes = versionBytes;
        this.oldest = oldest;
        this.newest = newest;
    }

    /**
     * The header of format {@code name} with {@code magic} (2 or 4 bytes) and a version field of
     * {@code versionBytes} (1 or 2) that this code reads from {@code oldest} to {@code newest}
     * and writes as {@code newest}.
     */
    public static FormatHeader of(String name, byte[] magic, int versionBytes, int oldest, int newest) {
        Objects.requireNonNull(name, "name");
        if (magic.length != 2 && magic.length != 4) {
            throw new IllegalArgumentException("a magic is 2 or 4 bytes, not " + magic.length);
        }
        if (versionBytes != 1 && versionBytes != 2) {
            throw new IllegalArgumentException("a version field is 1 or 2 bytes, not " + versionBytes);
        }
        int max = versionBytes == 1 ? 0xFF : 0xFFFF;
        if (oldest < 1 || oldest > newest || newest > max) {
            throw new IllegalArgumentException("bad version range " + oldest + ".." + newest + " for " + name);
        }
        return new FormatHeader(name, magic.clone(), versionBytes, oldest, newest);
    }

    /** The format's name, for messages. */
    public String name() {
        return name;
    }

    /** Header bytes: the magic and the version field. */
    public int length() {
        return magic.length + versionBytes;
    }

    /** The version this code writes. */
    public int newest() {
        return newest;
    }

    /** Writes the header with the newest version at the start of {@code out}; returns its length. */
    public int write(byte[] out) {
        return write(out, newest);
    }

    /** Writes the header with {@code version} (one this code reads) at the start of {@code out}; returns its length. */
    public int write(byte[] out, int version) {
        if (!supports(version)) {
            throw new IllegalArgumentException(name + " format " + version + " is outside " + oldest + ".." + newest);
        }
        System.arraycopy(magic, 0, out, 0, magic.length);
        if (versionBytes == 2) {
            out[magic.length] = (byte) (version >>> 8);
        }
        out[length() - 1] = (byte) version;
        return length();
    }

    /** Puts the header with the newest version at {@code out}'s position (big-endian in any order); returns {@code out}. */
    public ByteBuffer write(ByteBuffer out) {
        out.put(magic);
        if (versionBytes == 2) {
            out.put((byte) (newest >>> 8));
        }
        return out.put((byte) newest);
    }

    /** Whether this code reads {@code version}. */
    public boolean supports(int version) {
        return version >= oldest && version <= newest;
    }

    /** The version field of a header at the start of {@code bytes} (which holds at least {@link #length()} bytes). */
    public int version(byte[] bytes) {
        int at = magic.length;
        return versionBytes == 1 ? bytes[at] & 0xFF : (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }

    /**
     * What is wrong with the header at the start of the first {@code length} bytes of
     * {@code bytes}, or {@code null} when it is good. Allocates nothing, for hot paths.
     */
    public Fault fault(byte[] bytes, int length) {
        if (length < length()) {
            return Fault.TRUNCATED;
        }
        if (!Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            return Fault.MAGIC;
        }
        return supports(version(bytes)) ? null : Fault.VERSION;
    }

    /**
     * As {@link #fault(byte[], int)}, and also checks the big-endian CRC32C at {@code crcAt} of
     * the bytes before it, after the magic and before the version.
     */
    public Fault fault(byte[] bytes, int length, int crcAt) {
        if (length < length() || length < crcAt + Integer.BYTES) {
            return Fault.TRUNCATED;
        }
        if (!Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            return Fault.MAGIC;
        }
        if (crc32c(bytes, 0, crcAt) != readInt(bytes, crcAt)) {
            return Fault.CRC;
        }
        return supports(version(bytes)) ? null : Fault.VERSION;
    }

    /** Checks the header of {@code bytes} and returns its version, or throws what {@code rejection} builds. */
    public <E extends RuntimeException> int check(byte[] bytes, Rejection<E> rejection) {
        return check(bytes, bytes.length, rejection);
    }

    /** Checks the header in {@code bytes[0, length)} and returns its version, or throws what {@code rejection} builds. */
    public <E extends RuntimeException> int check(byte[] bytes, int length, Rejection<E> rejection) {
        return rejectIf(fault(bytes, length), bytes, rejection);
    }

    /** As {@link #check(byte[], int, Rejection)}, also checking the CRC32C at {@code crcAt} (see {@link #fault}). */
    public <E extends RuntimeException> int check(byte[] bytes, int length, int crcAt, Rejection<E> rejection) {
        return rejectIf(fault(bytes, length, crcAt), bytes, rejection);
    }

    private <E extends RuntimeException> int rejectIf(Fault fault, byte[] bytes, Rejection<E> rejection) {
        if (fault == Fault.TRUNCATED) {
            throw rejection.reject(fault, 0);
        }
        int version = version(bytes);
        if (fault != null) {
            throw rejection.reject(fault, version);
        }
        return version;
    }

    /** The CRC32C of {@code bytes[from, to)}. */
    public static int crc32c(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }

    /** Writes the big-endian CRC32C of {@code bytes[0, crcAt)} at {@code crcAt}. */
    public static void writeCrc(byte[] bytes, int crcAt) {
        int crc = crc32c(bytes, 0, crcAt);
        for (int i = 0; i < Integer.BYTES; i++) {
            bytes[crcAt + i] = (byte) (crc >>> (24 - 8 * i));
        }
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8 | (bytes[at + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return name + " header (" + length() + " bytes, versions " + oldest + ".." + newest + ")";
    }
}
