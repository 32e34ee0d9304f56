package lab.gil.cores;

import java.time.Duration;

/**
 * What the sampler's own work has cost so far: reading the ticks and computing utilization, per sample.
 *
 * @param samples samples taken since start
 * @param recentMean mean cost of the last {@value SampleCostStats#WINDOW} samples
 * @param max highest cost of a single sample since start
 */
public record SampleCost(long samples, Duration recentMean, Duration max) {}
