package dev.sealdex.engine.ivf;

import dev.sealdex.engine.index.IndexFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sealdex.engine.crypto.KeyPurpose;
import dev.sealdex.engine.kernel.DistanceFunction;
import dev.sealdex.engine.kernel.Kernels;
import dev.sealdex.engine.kernel.ScalarKernels;
import dev.sealdex.engine.quant.Sq8Codec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-row error bounds: their coding, and their journey through list blocks. */
class ErrorBoundTest {

    private static final int D = 8;

    @Test
    void aBoundCoversItsErrorWithinNinePercent() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            float error = (float) Math.pow(10, random.nextDouble(-4.5, 4.5));
            float bound = ErrorBound.decode(ErrorBound.encode(error));
            assertTrue(bound >= error, error + " coded as " + bound);
            assertTrue(bound <= error * 1.0906f, error + " coded as " + bound);
        }
        for (int code = 1; code < 255; code++) {
            float exact = ErrorBound.decode((byte) code);
            assertEquals((byte) code, ErrorBound.encode(exact), "the bound of code " + code + " codes as itself");
            assertTrue(exact > ErrorBound.decode((byte) (code - 1)));
        }
    }

    @Test
    void edgeCases() {
        assertEquals(0, ErrorBound.encode(0f));
        assertEquals(0f, ErrorBound.decode((byte) 0));
        assertEquals(1, ErrorBound.encode(Float.MIN_VALUE));
        for (float unrecordable : new float[] {Float.NaN, -1f, Float.POSITIVE_INFINITY, 1e6f, Float.MAX_VALUE}) {
            assertEquals(ErrorBound.UNKNOWN, ErrorBound.encode(unrecordable), "error " + unrecordable);
        }
        assertEquals(Float.POSITIVE_INFINITY, ErrorBound.decode(ErrorBound.UNKNOWN));
    }

    @Test
    void everyRowKeepsItsOwnBoundThroughAppendsAndRemoves() {
        float[] data = IndexFixture.clustered(3_000, D, 6, 5);
        Layout layout = trainedLayout(data, 3_000);
        StageOneCodec codec = layout.openCodec();
        int[] ordinals = new int[3_000];
        for (int i = 0; i < ordinals.length; i++) {
            ordinals[i] = i;
        }
        Kernels kernels = new Kernels(ScalarKernels.INSTANCE);
        // Rows far outside the trained range clamp: their bounds are large, the others' stay small.
        for (int r = 0; r < 3_000; r += 97) {
            data[r * D + r % D] += 300;
        }
        layout.add(kernels, DistanceFunction.SQUARED_L2, ordinals, data, 3_000);
        SplittableRandom random = new SplittableRandom(9);
        boolean[] removed = new boolean[3_000];
        for (int i = 0; i < 900; i++) {
            int ordinal = random.nextInt(3_000);
            if (!removed[ordinal]) {
                assertTrue(layout.remove(ordinal));
                removed[ordinal] = true;
            }
        }
        int checked = 0;
        int distinct = 0;
        byte first = -1;
        for (int list = 0; list < layout.listCount(); list++) {
            byte[][] blocks = layout.list(list).snapshot().blocks();
            for (int b = 0; b < blocks.length; b++) {
                byte[] plain = layout.coding().open(list, b, blocks[b]);
                int rows = ListBlockFormat.readHeader(plain, plain.length, codec.codeKind(), codec.codeBytes());
                for (int r = 0; r < rows; r++) {
                    int ordinal = ListBlockFormat.ordinal(plain, r);
                    assertTrue(!removed[ordinal]);
                    byte[] code = new byte[codec.codeBytes()];
                    float error = codec.encode(Arrays.copyOfRange(data, ordinal * D, (ordinal + 1) * D), null, list,
                            code, 0);
                    byte bound = plain[ListBlockFormat.boundsOffset(rows, codec.codeBytes()) + r];
                    assertEquals(ErrorBound.encode(error), bound, "bound of ordinal " + ordinal);
                    assertEquals(Arrays.toString(code), Arrays.toString(Arrays.copyOfRange(plain,
                            ListBlockFormat.codesOffset(rows) + r * codec.codeBytes(),
                            ListBlockFormat.codesOffset(rows) + (r + 1) * codec.codeBytes())));
                    distinct += bound != first && checked > 0 ? 1 : 0;
                    first = checked == 0 ? bound : first;
                    checked++;
                }
            }
        }
        assertEquals(3_000 - countTrue(removed), checked);
        assertTrue(distinct > 0, "rows have different bounds");
    }

    @Test
    void formatOneCheckpointBlocksLoadWithUnknownBounds() {
        int rows = 12_000;
        float[] data = IndexFixture.clustered(rows, D, 1, 8);
        Layout source = trainedLayout(data, rows);
        StageOneCodec codec = source.openCodec();
        int codeBytes = codec.codeBytes();
        int perBlock = ListBlockFormat.legacyRowsPerBlock(codeBytes);
        // Format 1 blocks of list 0 as an older version wrote them: ordinals then codes.
        byte[][] blocks = new byte[(rows + perBlock - 1) / perBlock][];
        for (int b = 0; b < blocks.length; b++) {
            int n = Math.min(perBlock, rows - b * perBlock);
            byte[] plain = new byte[ListBlockFormat.HEADER_BYTES + n * (4 + codeBytes)];
            ListBlockFormat.writeHeader(plain, codec.codeKind(), n);
            plain[2] = 1;
            for (int r = 0; r < n; r++) {
                int ordinal = b * perBlock + r;
                ListBlockFormat.setOrdinal(plain, r, ordinal);
                codec.encode(Arrays.copyOfRange(data, ordinal * D, (ordinal + 1) * D), null, 0, plain,
                        ListBlockFormat.codesOffset(n) + r * codeBytes);
            }
            blocks[b] = source.coding().seal(0, b, plain);
        }
        assertTrue(blocks.length > 1, "the list spans several format 1 blocks");
        assertTrue(ListBlockFormat.rowsPerBlock(codeBytes) < perBlock, "format 2 blocks hold fewer rows");
        Layout restored = Layout.restore(source.epoch(), D, source.listCount(), source.codeKind(),
                source.sealedCentroids(), source.sealedParams(), IndexFixture.keys().cipher(KeyPurpose.CODES), 1);
        restored.install(0, blocks);
        assertEquals(rows, restored.list(0).rows());
        assertEquals(rows - 1, restored.maxOrdinal());
        int seen = 0;
        byte[][] upgraded = restored.list(0).snapshot().blocks();
        for (int b = 0; b < upgraded.length; b++) {
            byte[] plain = restored.coding().open(0, b, upgraded[b]);
            int n = ListBlockFormat.readHeader(plain, plain.length, codec.codeKind(), codeBytes);
            for (int r = 0; r < n; r++) {
                assertEquals(seen, ListBlockFormat.ordinal(plain, r), "rows keep their order");
                assertEquals(ErrorBound.UNKNOWN, plain[ListBlockFormat.boundsOffset(n, codeBytes) + r]);
                seen++;
            }
        }
        assertEquals(rows, seen);
        // Positions are those of the new blocks: removing moves the last row into the gap.
        assertTrue(restored.remove(3));
        assertTrue(restored.remove(rows - 1));
        assertEquals(rows - 2, restored.list(0).rows());
    }

    private static Layout trainedLayout(float[] data, int count) {
        int lists = 4;
        float[] centroids = Arrays.copyOf(data, lists * D);
        Sq8Codec sq8 = Sq8Codec.train(data, count, D);
        return Layout.trained(1, D, CoarseQuantizer.quantize(centroids, lists, D), new StageOneCodec.Sq8(sq8),
                IndexFixture.keys().cipher(KeyPurpose.CODES), 1);
    }

    private static int countTrue(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
