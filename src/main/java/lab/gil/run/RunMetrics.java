package lab.gil.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/** The run queue's meters on {@code /actuator/prometheus}: runs started and finished, their duration, the queue. */
final class RunMetrics {

    private final MeterRegistry registry;

    RunMetrics(MeterRegistry registry, Supplier<Number> queueLength) {
        this.registry = registry;
        Gauge.builder("gillab.runs.queued", queueLength).description("Runs waiting for the cores").register(registry);
    }

    void started(Run run) {
        Counter.builder("gillab.runs.started").description("Runs that began executing")
                .tag("kind", run.scenario().executor().id())
                .register(registry).increment();
    }

    void finished(Run run, Duration took) {
        Counter.builder("gillab.runs.finished").description("Runs that ended, by how they ended")
                .tag("kind", run.scenario().executor().id())
                .tag("outcome", run.state().id())
                .register(registry).increment();
        Timer.builder("gillab.runs.duration").description("Time from a run's start to its end")
                .tag("kind", run.scenario().executor().id())
                .tag("outcome", run.state().id())
                .register(registry).record(took);
    }
}
