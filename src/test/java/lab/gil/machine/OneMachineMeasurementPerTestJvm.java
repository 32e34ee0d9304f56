package lab.gil.machine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.WarmUp;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Tests only: the application contexts of one test JVM measure this machine once between them, as one server
 * does. The measurement is the server's own ({@link MachineMeasurement}, CPython's costs, each kind's fit, the
 * parallel capacity: 15-30 s on two cores); a test JVM starts a dozen contexts, and each measured it again in the
 * background, competing with the tests for the cores, while its first run waited for it (14-24 s, a quarter of the
 * unit tests' time). Each context still publishes the figures on its own machine and runs with them. Contexts whose
 * machine differs (its cores, or no worker processes) measure their own. The packaged jar's servers (the ITs that
 * start it) measure themselves, as every server does.
 *
 * <p>Registered in {@code META-INF/spring.factories}; it replaces the {@code serverCalibration} bean of
 * {@link MachineConfig}, whatever else a context configures.
 */
public final class OneMachineMeasurementPerTestJvm implements ContextCustomizerFactory {

    /** The measurement of each kind of machine, first started by whichever context needed it first. */
    private static final Map<String, CompletableFuture<MachineMeasurement.Result>> MEASURED = new ConcurrentHashMap<>();
    private static final String BEAN = "serverCalibration";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new Customizer();
    }

    /** Equal to every other, so that it never splits the test framework's cache of contexts. */
    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            shareTheMeasurement(context, true);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }

    /**
     * The same for a server a test starts itself ({@code new SpringApplicationBuilder(...).initializers(this)}), as
     * the restart, closing and shared-session tests do: it shares the measurement of this JVM's contexts when one
     * is under way or done. Each of those ten servers measured the machine in the background before, about 30 s of
     * both cores each, going on after its test had closed it while later tests ran.
     */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> sharedMeasurement() {
        return context -> shareTheMeasurement(context, false);
    }

    /**
     * {@code mayLead}: whether this context's measurement may be the one the others share. A server a test starts
     * and closes within seconds may not: closed in the middle of a measurement (its worker pool gone), it would
     * leave a measurement whose kinds were not fitted for every later context. It shares one under way or done, or
     * measures for itself alone, as before.
     */
    private static void shareTheMeasurement(ConfigurableApplicationContext context, boolean mayLead) {
        // Runs once every configuration class has registered its beans.
        context.addBeanFactoryPostProcessor(factory -> {
            if (factory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(BEAN)) {
                registry.removeBeanDefinition(BEAN);
                registry.registerBeanDefinition(BEAN, new RootBeanDefinition(ServerCalibration.class,
                        () -> ServerCalibration.measuredBy(() -> measuredOnce(factory, mayLead))));
            }
        });
    }

    /** A machine measurement takes 25-45 s on two quiet cores; only reached when one hangs. */
    private static final java.time.Duration MEASUREMENT_TIMEOUT = java.time.Duration.ofSeconds(180);

    /**
     * Waits until no measurement of this JVM is under way, at most {@link #MEASUREMENT_TIMEOUT}: a test that reads
     * the machine's other work, or needs both cores for its own threads, would meet a context's measurement running
     * in the background (a whole core of it).
     */
    public static void awaitMeasurementsUnderWay() throws InterruptedException {
        long deadline = System.nanoTime() + MEASUREMENT_TIMEOUT.toNanos();
        for (CompletableFuture<MachineMeasurement.Result> measuring : MEASURED.values()) {
            try {
                measuring.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // Ended, failed: not under way.
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a machine measurement was still under way after " + MEASUREMENT_TIMEOUT, e);
            }
        }
    }

    /** The machine's measurement published on this context's machine: measured now, or by another context. */
    private static Calibrations measuredOnce(ConfigurableListableBeanFactory factory, boolean mayLead) {
        return measuredOnce(factory.getBean(ServerMachine.class),
                factory.getBeanProvider(WorkerPool.class).getIfAvailable(),
                factory.getBeanProvider(WarmUp.class).orderedStream().toList(),
                factory.getBeanProvider(EventLoopSources.class).getIfAvailable(() -> EventLoopSources.GEVENT_ELSE_ASYNCIO),
                mayLead);
    }

    /**
     * The measurement of {@code machine}'s kind published on it: measured now with {@code pool} (null: no worker
     * processes), {@code warmUps} and {@code eventLoops}, or by whoever in this JVM measured that kind of machine
     * first; as a server's measurement, for {@code MachineMeasurementTest} too.
     */
    static Calibrations measuredOnce(ServerMachine machine, WorkerPool pool, List<WarmUp> warmUps,
                                     EventLoopSources eventLoops, boolean mayLead) {
        String key = machine.facts().usableCores() + " of " + machine.facts().listedCores() + " cores, "
                + (pool == null ? "no worker processes" : "worker processes") + ", greenlets follow "
                + eventLoops.inOrder();
        if (!mayLead && !MEASURED.containsKey(key)) {
            return new MachineMeasurement(machine, pool, warmUps, eventLoops).run();
        }
        while (true) {
            CompletableFuture<MachineMeasurement.Result> mine = new CompletableFuture<>();
            CompletableFuture<MachineMeasurement.Result> first = MEASURED.putIfAbsent(key, mine);
            if (first == null) {
                try {
                    mine.complete(new MachineMeasurement(machine, pool, warmUps, eventLoops).measure());
                } catch (RuntimeException | Error e) {
                    MEASURED.remove(key, mine); // the next context measures again
                    mine.completeExceptionally(e);
                    throw e;
                }
                first = mine;
            }
            try {
                return first.join().publishedOn(machine);
            } catch (CompletionException e) {
                // The context that measured first failed (closed while measuring, say): measure again.
                MEASURED.remove(key, first);
            }
        }
    }
}
