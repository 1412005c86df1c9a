/** Timings of the disk store (durable write throughput, reopen), printed by a runnable main. */
package dev.sealdex.bench.store;
