/**
 * The ANN recall/QPS harness behind {@code ./sealdex bench ann}: loads or generates a data set,
 * builds and trains Sealdex indexes encrypted and in plain, sweeps {@code n_probes} for recall@10
 * and QPS one query at a time and under load, runs FAISS and hnswlib on the same files, and
 * writes a table, a JSON file and a recall-vs-QPS plot.
 */
package dev.sealdex.bench.ann;
