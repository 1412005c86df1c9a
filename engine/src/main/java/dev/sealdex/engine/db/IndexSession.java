package dev.sealdex.engine.db;

import dev.sealdex.engine.index.ItemsRejectedException;
import dev.sealdex.engine.model.QueryHit;
import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.db.InvalidArgumentException.Problem;
import dev.sealdex.engine.filter.FilterException;
import dev.sealdex.engine.filter.MetadataFilter;
import dev.sealdex.engine.model.Item;
import dev.sealdex.engine.search.SearchHit;
import dev.sealdex.engine.search.SearchRequest;
import dev.sealdex.engine.train.Trainer;
import dev.sealdex.engine.model.TrainingParams;
import dev.sealdex.engine.index.VectorIndex;
import dev.sealdex.engine.keys.Credential;
import dev.sealdex.engine.model.Permission;
import dev.sealdex.engine.model.TrainingOutcome;
import dev.sealdex.engine.model.UserGrant;
import dev.sealdex.engine.model.UserInfo;
import dev.sealdex.engine.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request's handle on an open index: every operation checks the caller's permissions, turns
 * engine validation failures into {@link InvalidArgumentException}s, and reports corruption as
 * {@link StorageCorruptionException} without serving altered data. Storage failures below it
 * reach the caller only as the face's exceptions.
 */
public final class IndexSession {

    private final Database database;
    private final VectorIndex index;
    private final Catalog.Entry entry;
    private final Credential credential;
    private final Set<Permission> permissions;

    IndexSession(Database database, VectorIndex index, Catalog.Entry entry, Credential credential,
                 Set<Permission> permissions) {
        this.database = database;
        this.index = index;
        this.entry = entry;
        this.credential = credential;
        this.permissions = Set.copyOf(permissions);
    }

    /** Whether the session was opened with the index's own key (or its provider), not a user token. */
    public boolean isRoot() {
        return !(credential instanceof Credential.UserToken);
    }

    /** What this session may do. */
    public Set<Permission> permissions() {
        return permissions;
    }

    VectorIndex index() {
        return index;
    }

    /** What {@code describe} reports. */
    public IndexDescription describe() {
        require(Permission.READ);
        return new IndexDescription(index.name(), index.config(), index.isTrained(), index.listCount(), index.count(),
                entry.kmsName());
    }

    /** Live items ({@code num_vectors}). */
    public int count() {
        require(Permission.READ);
        return index.count();
    }

    /** Inserts or overwrites {@code items}; may queue an automatic training. */
    public UpsertOutcome upsert(List<Item> items) {
        require(Permission.WRITE);
        guard(() -> {
            index.upsert(items);
            return null;
        }, "items");
        DatabaseSettings settings = database.settings();
        int count = index.count();
        long threshold = (long) index.listCount() * settings.retrainThreshold();
        if (settings.autoTrain() && count > threshold && count >= settings.minTrainingVectors()
                && database.training().enqueue(index)) {
            return new UpsertOutcome(items.size(), true, "Index training has been triggered (vectors: " + count
                    + ", threshold: " + threshold + ")");
        }
        return new UpsertOutcome(items.size(), false, null);
    }

    /** Deletes {@code ids}; unknown ids are ignored. */
    public int delete(List<String> ids) {
        require(Permission.WRITE);
        return guard(() -> index.delete(ids), "ids");
    }

    /** The items with {@code ids} in request order, missing ones omitted. */
    public List<Item> get(List<String> ids) {
        require(Permission.READ);
        return guard(() -> index.get(ids), "ids");
    }

    /** Every id. */
    public List<String> listIds() {
        require(Permission.READ);
        return guard(index::listIds, "index_name");
    }

    /** Searches {@code vectors} with shared {@code options}; one result list per vector. */
    public List<List<QueryHit>> query(List<float[]> vectors, QueryOptions options) {
        require(Permission.READ);
        MetadataFilter filter = parseFilter(options.filter());
        long[] allowed;
        try {
            allowed = filter.isMatchAll() ? null : guard(() -> index.allowed(filter), "filters");
        } catch (FilterException e) {
            // A $regex that exceeded its matching budget on the stored values.
            throw new LimitExceededException(List.of("filters"), e.getMessage());
        }
        List<SearchRequest> requests = new ArrayList<>(vectors.size());
        for (float[] vector : vectors) {
            requests.add(new SearchRequest(vector, options.topK(), options.probes(), options.rerankMult(),
                    options.greedy(), allowed));
        }
        return guard(() -> index.query(requests, options.includeMetadata(), options.includeVector()),
                "query_vectors");
    }

    /**
     * The items whose metadata matches {@code filter} (null or {} = every item), without searching
     * vectors, at most {@code limit}; each hit has distance 0 and, when asked, its metadata.
     */
    public List<QueryHit> matching(com.fasterxml.jackson.databind.JsonNode filter, int limit,
                                   boolean includeMetadata) {
        require(Permission.READ);
        MetadataFilter parsed = parseFilter(filter);
        long[] allowed;
        try {
            allowed = parsed.isMatchAll() ? null : guard(() -> index.allowed(parsed), "filters");
        } catch (FilterException e) {
            throw new LimitExceededException(List.of("filters"), e.getMessage());
        }
        return guard(() -> index.matching(allowed, limit, includeMetadata), "filters");
    }

    private static MetadataFilter parseFilter(com.fasterxml.jackson.databind.JsonNode filter) {
        try {
            return MetadataFilter.parse(filter, "filters");
        } catch (FilterException e) {
            throw new InvalidArgumentException(Problem.MALFORMED, e.location(), e.getMessage());
        }
    }

    /** Trains now (blocking); below the thresholds it is skipped and says why. */
    public TrainingOutcome train(TrainingParams params) {
        requireRoot();
        return StorageFaults.call(() -> database.training().trainNow(index, params));
    }

    /**
     * Adds an RBAC user with {@code wanted} permissions (not empty); needs the index key or its
     * provider. The token is returned once and stored nowhere.
     */
    public UserGrant createUser(Set<Permission> wanted) {
        requireRoot();
        if (wanted.isEmpty()) {
            throw new InvalidArgumentException(Problem.MALFORMED, List.of("permissions"),
                    "permissions must name at least one of read and write");
        }
        return KeyErrors.translate(() -> database.vault().addUser(entry.indexId(), credential, wanted));
    }

    /** The index's users, in user-id order. */
    public List<UserInfo> users() {
        requireRoot();
        return KeyErrors.translate(() -> database.vault().users(entry.indexId()));
    }

    /** Removes user {@code userIdHex} (32 hex characters); unknown users are ignored. */
    public void deleteUser(String userIdHex) {
        requireRoot();
        byte[] userId;
        try {
            userId = java.util.HexFormat.of().parseHex(userIdHex);
        } catch (IllegalArgumentException e) {
            userId = null;
        }
        if (userId == null || userId.length != 16) {
            throw new InvalidArgumentException(Problem.MALFORMED, List.of("user_id"), "user_id must be 32 hex characters");
        }
        byte[] id = userId;
        KeyErrors.translate(() -> database.vault().removeUser(entry.indexId(), id));
    }

    /** Refuses user tokens: only the index's key (or provider) may manage the index. */
    void requireRoot() {
        if (!isRoot()) {
            throw new AccessDeniedException("a user API key may not manage index '" + index.name() + "'");
        }
    }

    private void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw new AccessDeniedException("this API key may not " + (permission == Permission.READ ? "read" : "write")
                    + " index '" + index.name() + "'");
        }
    }

    private static <T> T guard(java.util.function.Supplier<T> operation, String field) {
        try {
            return operation.get();
        } catch (IntegrityException e) {
            throw new StorageCorruptionException("stored data failed its integrity check: " + e.getMessage(), e);
        } catch (StoreException e) {
            throw new StorageUnavailableException(e);
        } catch (ItemsRejectedException e) {
            throw new InvalidArgumentException(e.rejections().stream()
                    .map(r -> new InvalidArgumentException.Violation(List.of(field, r.item(), "vector"), r.message()))
                    .toList());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(List.of(field), e.getMessage());
        }
    }
}
