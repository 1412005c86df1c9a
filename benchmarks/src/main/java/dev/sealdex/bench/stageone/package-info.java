/**
 * Stage-1 code candidates measured side by side for one query: today's SQ8 kernel, a 4-bit PQ
 * fast-scan prototype and an SQ4 prototype. Prototypes only; the engine uses SQ8.
 */
package dev.sealdex.bench.stageone;
