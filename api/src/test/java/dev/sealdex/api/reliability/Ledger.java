package dev.sealdex.api.reliability;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's record of every write, the oracle of the reliability tests. For each item it
 * keeps the state the server acknowledged (a version, or {@link #ABSENT}) and the writes sent but
 * not acknowledged (which a crash may or may not have applied). After a crash the state found is
 * checked against those possibilities and then becomes the acknowledged state.
 */
public final class Ledger {

    /** The state of an item that does not exist (never written, or deleted). */
    public static final int ABSENT = -1;

    private static final class Entry {
        int acked = ABSENT;
        final Set<Integer> pending = new HashSet<>();
    }

    private final Map<String, Map<String, Entry>> indexes = new ConcurrentHashMap<>();

    private Entry entry(String index, String id) {
        return indexes.computeIfAbsent(index, i -> new ConcurrentHashMap<>()).computeIfAbsent(id, i -> new Entry());
    }

    /** Records writes about to be sent: {@code versions[i]} for {@code ids[i]} ({@link #ABSENT}: a delete). */
    public void begin(String index, List<String> ids, int[] versions) {
        for (int i = 0; i < ids.size(); i++) {
            Entry entry = entry(index, ids.get(i));
            synchronized (entry) {
                entry.pending.add(versions[i]);
            }
        }
    }

    /** Records that the server acknowledged the writes {@link #begin} recorded. */
    public void ack(String index, List<String> ids, int[] versions) {
        for (int i = 0; i < ids.size(); i++) {
            Entry entry = entry(index, ids.get(i));
            synchronized (entry) {
                entry.pending.remove(versions[i]);
                entry.acked = versions[i];
            }
        }
    }

    /** Records that the server refused the writes (a definite 4xx): they were not applied. */
    public void refused(String index, List<String> ids, int[] versions) {
        for (int i = 0; i < ids.size(); i++) {
            Entry entry = entry(index, ids.get(i));
            synchronized (entry) {
                entry.pending.remove(versions[i]);
            }
        }
    }

    /** The acknowledged state of an item. */
    public int acked(String index, String id) {
        Entry entry = entry(index, id);
        synchronized (entry) {
            return entry.acked;
        }
    }

    /** Whether a write to the item is unacknowledged. */
    public boolean uncertain(String index, String id) {
        Entry entry = entry(index, id);
        synchronized (entry) {
            return !entry.pending.isEmpty();
        }
    }

    /** The states the item may be found in: the acknowledged one and every unacknowledged write. */
    public Set<Integer> allowed(String index, String id) {
        Entry entry = entry(index, id);
        synchronized (entry) {
            Set<Integer> allowed = new HashSet<>(entry.pending);
            allowed.add(entry.acked);
            return allowed;
        }
    }

    /** Every item of {@code index} ever written, sorted. */
    public List<String> ids(String index) {
        return List.copyOf(new TreeMap<>(indexes.getOrDefault(index, Map.of())).keySet());
    }

    /** Items of {@code index} whose acknowledged state is present, sorted. */
    public List<String> present(String index) {
        return ids(index).stream().filter(id -> acked(index, id) != ABSENT).toList();
    }

    /**
     * Settles an item to {@code found} after a crash, checking that it is one of the allowed states.
     *
     * @throws AssertionError when {@code found} is neither acknowledged nor an unacknowledged write
     */
    public void settle(String index, String id, int found) {
        Entry entry = entry(index, id);
        synchronized (entry) {
            if (found != entry.acked && !entry.pending.contains(found)) {
                throw new AssertionError(index + "/" + id + " is " + describe(found) + " after the restart, but the last "
                        + "acknowledged state is " + describe(entry.acked) + " and the unacknowledged writes were "
                        + entry.pending);
            }
            entry.acked = found;
            entry.pending.clear();
        }
    }

    /** A state in words. */
    public static String describe(int state) {
        return state == ABSENT ? "absent" : "version " + state;
    }
}
