/** JMH benchmarks of metadata filtering: column encoding and the column evaluator. */
package dev.sealdex.bench.filter;
