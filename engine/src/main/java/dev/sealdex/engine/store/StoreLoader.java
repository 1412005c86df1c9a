package dev.sealdex.engine.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link DiskStore}'s state from its folder at open: reads (or first writes) the
 * {@link Manifest}, deletes what an interrupted roll or compaction left behind, opens and replays
 * the listed segments ({@link SegmentReplayer}), and builds each namespace's key index in bulk
 * ({@link NamespaceIndexBuilder}).
 */
final class StoreLoader {

    /** The loaded state: the manifest, its segments (open, by id), the key indexes and the byte counts. */
    record Loaded(Manifest manifest, Map<Long, Segment> segments, Map<String, NamespaceIndex> namespaces,
                  long liveBytes, long fileBytes, DiskStore.Recovery recovery) {
    }

    private StoreLoader() {
    }

    /** Loads the store in {@code directory}; if this throws, the segments it opened are closed again. */
    static Loaded load(StorageIo io, Path directory, boolean strict, long started) throws IOException {
        Map<Long, Segment> segments = new HashMap<>();
        try {
            return load(io, directory, strict, segments, started);
        } catch (IOException | RuntimeException e) {
            for (Segment segment : segments.values()) {
                DiskStore.closeQuietly(segment);
            }
            throw e;
        }
    }

    private static Loaded load(StorageIo io, Path directory, boolean strict, Map<Long, Segment> segments,
                               long started) throws IOException {
        Manifest found = Manifest.read(io, directory);
        List<String> files = io.list(directory);
        if (found == null) {
            // A first open that crashed before its MANIFEST was written can leave an empty
            // segment behind (nothing is appended before the manifest lists it); anything more
            // means the manifest was lost.
            for (String name : files) {
                if (Segment.parseId(name) > 0) {
                    long size;
                    try (StorageFile file = io.open(directory.resolve(name), false)) {
                        size = file.size();
                    }
                    if (size > Segment.HEADER_BYTES) {
                        throw new StoreCorruptionException(directory.resolve(Manifest.FILE), 0,
                                "the MANIFEST is missing but segment files such as " + name + " hold data");
                    }
                    io.delete(directory.resolve(name));
                }
            }
            Segment first = Segment.create(io, directory, 1);
            segments.put(1L, first);
            io.syncDirectory(directory);
            found = new Manifest(1, 2, new long[] {1});
            found.write(io, directory);
        }
        long[] listed = found.segments();
        Set<Long> live = new HashSet<>();
        for (long id : listed) {
            live.add(id);
        }
        boolean removed = false;
        for (String name : files) {
            long id = Segment.parseId(name);
            if ((id > 0 && !live.contains(id)) || name.equals(Manifest.TEMP)) {
                io.delete(directory.resolve(name));
                removed = true;
            }
        }
        if (removed) {
            io.syncDirectory(directory);
        }
        List<StoreCorruptionException> corruptions = new ArrayList<>();
        long fileBytes = 0;
        long records = 0;
        long torn = 0;
        Map<String, NamespaceIndexBuilder> builders = new HashMap<>();
        SegmentReplayer.Sink sink = new SegmentReplayer.Sink() {
            @Override
            public void put(String namespace, byte[] buffer, int keyOffset, int keyLength, long location, int length) {
                builders.computeIfAbsent(namespace, n -> new NamespaceIndexBuilder()).put(buffer, keyOffset, keyLength, location, length);
            }

            @Override
            public void delete(String namespace, byte[] key) {
                NamespaceIndexBuilder builder = builders.get(namespace);
                if (builder != null) {
                    builder.delete(key);
                }
            }

            @Override
            public void deletePrefix(String namespace, byte[] prefix) {
                NamespaceIndexBuilder builder = builders.get(namespace);
                if (builder != null) {
                    builder.deletePrefix(prefix);
                }
            }
        };
        for (int i = 0; i < listed.length; i++) {
            Segment segment = segments.containsKey(listed[i]) ? segments.get(listed[i])
                    : Segment.open(io, directory, listed[i]);
            segments.put(listed[i], segment);
            SegmentReplayer.Result result = SegmentReplayer.replay(segment, i == listed.length - 1,
                    strict, sink, corruptions);
            records += result.records();
            torn += result.tornTailBytes();
            fileBytes += segment.end();
        }
        for (long id : listed) {
            segments.get(id).mapForReading(0);
        }
        long[] liveBytes = {0};
        Map<String, NamespaceIndex> namespaces = new HashMap<>();
        for (Map.Entry<String, NamespaceIndexBuilder> builder : builders.entrySet()) {
            namespaces.put(builder.getKey(), builder.getValue().build(liveBytes));
        }
        return new Loaded(found, segments, namespaces, liveBytes[0], fileBytes, new DiskStore.Recovery(listed.length, records,
                torn, List.copyOf(corruptions), System.nanoTime() - started));
    }
}
