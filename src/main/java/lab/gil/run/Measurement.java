package lab.gil.run;

/** What one execution of a scenario measured: its wall time, the CPU its workers used and the work it did. */
record Measurement(long wallNanos, long cpuNanos, long cpuIterations) {}
