package lab.gil.run.measure;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import lab.gil.run.execution.WorkerKind;
import lab.gil.scenario.ExecutorKind;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every kind of worker of this server, by the executors it runs: the one place where a scenario's executor meets
 * the kind that runs it, so that measuring a run never asks which kind it is. The kinds are beans of their own
 * packages; this checks that every executor of the scenario language has exactly one.
 *
 * <p>It also teaches the application's JSON mapper each kind's figures record, so that a summary another server
 * published reads back with its kind's figures.
 */
@Component
public final class WorkerKinds implements JsonMapperBuilderCustomizer {

    private final List<WorkerKind> kinds;
    private final Map<ExecutorKind, WorkerKind> byExecutor = new EnumMap<>(ExecutorKind.class);

    /** @throws IllegalStateException when an executor has no kind, or two */
    public WorkerKinds(List<WorkerKind> kinds) {
        this.kinds = List.copyOf(kinds);
        for (WorkerKind kind : kinds) {
            for (ExecutorKind executor : kind.executors()) {
                WorkerKind other = byExecutor.put(executor, kind);
                if (other != null) {
                    throw new IllegalStateException("Two kinds of worker run the executor " + executor.id() + ": "
                            + other.getClass().getSimpleName() + " and " + kind.getClass().getSimpleName());
                }
            }
        }
        for (ExecutorKind executor : ExecutorKind.values()) {
            if (!byExecutor.containsKey(executor)) {
                throw new IllegalStateException("No kind of worker runs the executor " + executor.id());
            }
        }
    }

    /** The kind that runs {@code executor}. */
    public WorkerKind of(ExecutorKind executor) {
        return byExecutor.get(executor);
    }

    /** Registers every kind's figures record with {@code builder}, for reading summaries back. */
    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.registerSubtypes(kinds.stream().map(WorkerKind::figures).toArray(Class<?>[]::new));
    }

    /** A mapper that reads summaries back, for code that makes its own. */
    public JsonMapper jsonMapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        customize(builder);
        return builder.build();
    }
}
