/**
 * The engine's vocabulary: the plain values that cross the public face ({@code engine.db}) and
 * that the rooms behind it work on — an index's configuration and its enums, an item, a query hit,
 * training parameters and outcomes, the shared engine resources, and RBAC permissions and users.
 *
 * <p>Why a package of its own: the face ({@code Database}, {@code IndexSession}) depends on
 * {@code engine.index} and {@code engine.keys}, and those need the same values. Putting the values
 * in the face would make the index and the key vault depend on the face (a package cycle);
 * giving the face copies would mean two {@code IndexConfig}s and two {@code Permission}s with a
 * converter between them. Here they exist once, depend on nothing but the JDK and the kernel's
 * {@code DistanceFunction}, and hold no behaviour beyond validation and wire names.
 */
package dev.sealdex.engine.model;
