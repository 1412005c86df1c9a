package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.format.FormatHeader;
import dev.sealdex.engine.store.Store;
import dev.sealdex.engine.store.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catalog of index names: the one plaintext in the store. Each entry maps a name to the
 * index's random 16-byte id and how its key is held.
 *
 * <table>
 *   <caption>Catalog entry, at {@code index/<name>} in namespace {@code catalog}</caption>
 *   <tr><th>offset</th><th>size</th><th>field</th></tr>
 *   <tr><td>0</td><td>4</td><td>magic "SDXC"</td></tr>
 *   <tr><td>4</td><td>1</td><td>version, 1</td></tr>
 *   <tr><td>5</td><td>16</td><td>index id</td></tr>
 *   <tr><td>21</td><td>2</td><td>key provider name length k (big-endian; 0 = client-keyed)</td></tr>
 *   <tr><td>23</td><td>k</td><td>key provider name, UTF-8</td></tr>
 * </table>
 */
final class Catalog {

    static final String NAMESPACE = "catalog";
    private static final byte[] PREFIX = "index/".getBytes(StandardCharsets.US_ASCII);
    private static final FormatHeader FORMAT = FormatHeader.of("catalog entry",
            "SDXC".getBytes(StandardCharsets.US_ASCII), 1, 1, 1);

    /** One catalog entry. */
    record Entry(String name, byte[] indexId, String kmsName) {
        boolean kmsBacked() {
            return kmsName != null;
        }
    }

    private final Store store;

    Catalog(Store store) {
        this.store = store;
    }

    Entry find(String name) {
        byte[] value = store.get(NAMESPACE, key(name));
        return value == null ? null : decode(name, value);
    }

    /**
     * Every index name. Names are the keys, so an index whose entry is damaged is still listed;
     * opening it reports the damage, and the other indexes are not held hostage by it.
     */
    List<String> names() {
        List<String> names = new ArrayList<>();
        store.scan(NAMESPACE, PREFIX, new Store.ScanVisitor() {
            @Override
            public boolean visit(byte[] key, byte[] value) {
                names.add(new String(key, PREFIX.length, key.length - PREFIX.length, StandardCharsets.UTF_8));
                return true;
            }

            @Override
            public boolean corrupt(byte[] key, IntegrityException error) {
                return visit(key, null);
            }
        });
        return names;
    }

    void put(Entry entry, WriteBatch batch) {
        byte[] kms = entry.kmsName() == null ? new byte[0] : entry.kmsName().getBytes(StandardCharsets.UTF_8);
        byte[] value = FORMAT.write(ByteBuffer.allocate(FORMAT.length() + 16 + 2 + kms.length))
                .put(entry.indexId()).putShort((short) kms.length).put(kms).array();
        batch.put(NAMESPACE, key(entry.name()), value);
    }

    void remove(String name, WriteBatch batch) {
        batch.delete(NAMESPACE, key(name));
    }

    private static byte[] key(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + bytes.length);
        System.arraycopy(bytes, 0, key, PREFIX.length, bytes.length);
        return key;
    }

    private static Entry decode(String name, byte[] value) {
        if (value.length < 23) {
            throw damaged(name);
        }
        FORMAT.check(value, (fault, version) -> damaged(name));
        ByteBuffer buffer = ByteBuffer.wrap(value, 5, value.length - 5);
        byte[] id = new byte[16];
        buffer.get(id);
        int kmsLength = Short.toUnsignedInt(buffer.getShort());
        if (buffer.remaining() != kmsLength) {
            throw damaged(name);
        }
        String kms = kmsLength == 0 ? null : new String(value, 23, kmsLength, StandardCharsets.UTF_8);
        return new Entry(name, id, kms);
    }

    private static IntegrityException damaged(String name) {
        return new IntegrityException("catalog entry of index '" + name + "' is damaged");
    }
}
