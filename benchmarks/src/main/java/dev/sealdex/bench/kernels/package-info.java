/** JMH benchmarks of the kernel backends: scalar, Panama and Lucene's VectorUtil side by side. */
package dev.sealdex.bench.kernels;
