package lab.gil.run.summary;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What only one kind of worker has to tell about a run (a worker process's start, a greenlet hub's waits): a record
 * in the kind's own package, named in JSON by its {@code kind} ({@code "figures": {"kind": "processes", ...}}), and
 * shown by the kind's own summary fragment.
 *
 * <p>Not sealed, on purpose: in this unnamed module the permitted classes of a sealed interface must share its
 * package, which would pull every kind's figures into this one, so that adding a kind touched it. Instead each kind
 * registers its record (see {@code run.execution.WorkerKind#figures()}) for reading summaries back from JSON.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
public interface KindFigures {

    /** The template whose fragments show these figures in a finished run's summary, e.g. {@code run/kinds/threads}. */
    String summaryTemplate();
}
