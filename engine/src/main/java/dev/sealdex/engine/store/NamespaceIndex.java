package dev.sealdex.engine.store;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Where each live key of one namespace is on disk: a packed {@link SortedRun} holding most keys,
 * plus a small tree of keys added since the run was last rebuilt. The two hold disjoint keys: an
 * overwrite or delete of a key in the run changes its slot in place, and a key that sorts after
 * every key of the run is appended to it directly (replaying a compacted segment does only that).
 * The tree is merged into a new run once it holds more than an eighth of the run, so rebuilds
 * cost a constant number of copies per insert.
 *
 * <p>Not thread-safe; {@link DiskStore} guards it with its index lock.
 */
final class NamespaceIndex {

    /** Approximate bytes an entry occupies in a segment besides its key and value (op header, value header). */
    static final int ENTRY_OVERHEAD = 16;

    private static final int MIN_REBUILD = 1024;

    private SortedRun run;
    private final TreeMap<byte[], Slot> recent = new TreeMap<>(Keys::compare);
    private int dead;

    /** A key's location and value length. */
    record Hit(long location, int length) {
    }

    /** Receives entries in key order; returns {@code false} to stop. */
    @FunctionalInterface
    interface EntryVisitor {
        /** {@code key} is a fresh copy. */
        boolean visit(byte[] key, long location, int length);
    }

    private static final class Slot {
        long location;
        int length;

        Slot(long location, int length) {
            this.location = location;
            this.length = length;
        }
    }

    /** An empty index. */
    NamespaceIndex() {
        this(new SortedRun(16, 256));
    }

    /** An index over {@code run}, built in bulk (replay), with no dead slots. */
    NamespaceIndex(SortedRun run) {
        this.run = run;
    }

    /** Segment bytes an entry accounts for. */
    static long entryBytes(int keyLength, int valueLength) {
        return (long) keyLength + valueLength + ENTRY_OVERHEAD;
    }

    /** Live keys. */
    int size() {
        return run.size() - dead + recent.size();
    }

    /** The entry for {@code key}, or {@code null}. */
    Hit get(byte[] key) {
        int i = run.find(key);
        if (i >= 0) {
            long location = run.location(i);
            return location == SortedRun.DEAD ? null : new Hit(location, run.length(i));
        }
        Slot slot = recent.get(key);
        return slot == null ? null : new Hit(slot.location, slot.length);
    }

    /** Points {@code key} at a new value; returns the bytes the previous value accounted for, or 0. */
    long put(byte[] key, long location, int length) {
        int i = run.find(key);
        if (i >= 0) {
            long previous = run.location(i);
            long freed = previous == SortedRun.DEAD ? 0 : entryBytes(key.length, run.length(i));
            if (previous == SortedRun.DEAD) {
                dead--;
            }
            run.set(i, location, length);
            return freed;
        }
        if (run.appendable(key) && (recent.isEmpty() || Keys.compare(recent.lastKey(), key) < 0)) {
            run.append(key, 0, key.length, location, length);
            return 0;
        }
        Slot slot = recent.putIfAbsent(key.clone(), new Slot(location, length));
        if (slot != null) {
            long freed = entryBytes(key.length, slot.length);
            slot.location = location;
            slot.length = length;
            return freed;
        }
        maybeRebuild();
        return 0;
    }

    /** Removes {@code key}; returns the bytes its value accounted for, or 0 when absent. */
    long delete(byte[] key) {
        int i = run.find(key);
        if (i >= 0) {
            if (run.location(i) == SortedRun.DEAD) {
                return 0;
            }
            long freed = entryBytes(key.length, run.length(i));
            run.set(i, SortedRun.DEAD, 0);
            dead++;
            maybeRebuild();
            return freed;
        }
        Slot slot = recent.remove(key);
        return slot == null ? 0 : entryBytes(key.length, slot.length);
    }

    /** Removes every key starting with {@code prefix}; returns the bytes their values accounted for. */
    long deletePrefix(byte[] prefix) {
        long freed = 0;
        for (int i = run.lowerBound(prefix); i < run.size() && run.hasPrefix(i, prefix); i++) {
            if (run.location(i) != SortedRun.DEAD) {
                freed += entryBytes(run.keyLength(i), run.length(i));
                run.set(i, SortedRun.DEAD, 0);
                dead++;
            }
        }
        NavigableMap<byte[], Slot> range = Keys.withPrefix(recent, prefix);
        for (Map.Entry<byte[], Slot> entry : range.entrySet()) {
            freed += entryBytes(entry.getKey().length, entry.getValue().length);
        }
        range.clear();
        maybeRebuild();
        return freed;
    }

    /** Moves {@code key} from {@code from} to {@code to} if it is still at {@code from}. */
    boolean relocate(byte[] key, long from, long to) {
        int i = run.find(key);
        if (i >= 0) {
            if (run.location(i) != from) {
                return false;
            }
            run.set(i, to, run.length(i));
            return true;
        }
        Slot slot = recent.get(key);
        if (slot == null || slot.location != from) {
            return false;
        }
        slot.location = to;
        return true;
    }

    /**
     * Visits, in key order, the live entries that start with {@code prefix} and sort after
     * {@code after} (every one when {@code after} is {@code null}); returns {@code false} if the
     * visitor stopped early.
     */
    boolean forEach(byte[] prefix, byte[] after, EntryVisitor visitor) {
        int i = run.lowerBound(prefix);
        NavigableMap<byte[], Slot> tail;
        if (after != null && Keys.compare(after, prefix) >= 0) {
            int j = run.find(after);
            i = Math.max(i, j >= 0 ? j + 1 : -j - 1);
            tail = recent.tailMap(after, false);
        } else {
            tail = recent.tailMap(prefix, true);
        }
        Iterator<Map.Entry<byte[], Slot>> others = tail.entrySet().iterator();
        Map.Entry<byte[], Slot> other = nextWithPrefix(others, prefix);
        while (true) {
            while (i < run.size() && run.location(i) == SortedRun.DEAD) {
                i++;
            }
            boolean runHas = i < run.size() && run.hasPrefix(i, prefix);
            if (!runHas && other == null) {
                return true;
            }
            if (runHas && (other == null || run.compare(i, other.getKey()) < 0)) {
                if (!visitor.visit(run.key(i), run.location(i), run.length(i))) {
                    return false;
                }
                i++;
            } else {
                if (!visitor.visit(other.getKey().clone(), other.getValue().location, other.getValue().length)) {
                    return false;
                }
                other = nextWithPrefix(others, prefix);
            }
        }
    }

    /** Approximate heap bytes, for statistics. */
    long memoryBytes() {
        return run.memoryBytes() + recent.size() * 112L;
    }

    private static Map.Entry<byte[], Slot> nextWithPrefix(Iterator<Map.Entry<byte[], Slot>> it, byte[] prefix) {
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<byte[], Slot> entry = it.next();
        return Keys.hasPrefix(entry.getKey(), prefix) ? entry : null;
    }

    private void maybeRebuild() {
        int live = run.size() - dead;
        if (recent.size() > Math.max(MIN_REBUILD, live / 8) || dead > Math.max(MIN_REBUILD, run.size() / 4)) {
            rebuild();
        }
    }

    private void rebuild() {
        int live = run.size() - dead;
        SortedRun merged = new SortedRun(live + recent.size(), 0);
        Iterator<Map.Entry<byte[], Slot>> others = recent.entrySet().iterator();
        Map.Entry<byte[], Slot> other = others.hasNext() ? others.next() : null;
        int i = 0;
        while (true) {
            while (i < run.size() && run.location(i) == SortedRun.DEAD) {
                i++;
            }
            boolean runHas = i < run.size();
            if (!runHas && other == null) {
                break;
            }
            if (runHas && (other == null || run.compare(i, other.getKey()) < 0)) {
                merged.appendFrom(run, i++);
            } else {
                byte[] key = other.getKey();
                merged.append(key, 0, key.length, other.getValue().location, other.getValue().length);
                other = others.hasNext() ? others.next() : null;
            }
        }
        run = merged;
        recent.clear();
        dead = 0;
    }
}
