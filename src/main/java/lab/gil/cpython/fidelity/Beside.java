package lab.gil.cpython.fidelity;

import java.util.List;

/**
 * A finished run's figures beside the other engine's for the same knobs, as its result panel shows them: the
 * emulation's and CPython's, the figure the lesson's answer reads first, then wall and CPU time.
 *
 * @param runId     the run shown
 * @param ranIn     {@code emulation} or {@code cpython}: the engine of the run shown
 * @param preset    the lesson preset whose knobs it ran unchanged; null for a student's own knobs
 * @param emulation the emulation's side; null when there is none to show
 * @param cpython   CPython's side; null when there is none to show
 * @param figures   the figures compared, empty when a side is missing
 * @param missing   why the other engine's side is missing, in words for the page; null when both are there
 * @param offerRun  whether the page offers to run the same knobs in CPython ("Run it in CPython too")
 */
public record Beside(String runId, String ranIn, String preset, Side emulation, Side cpython,
                     List<FigurePair> figures, String missing, boolean offerRun) {

    public Beside {
        figures = List.copyOf(figures);
    }

    /**
     * One engine's side.
     *
     * @param words  where the figures come from: "this run", "your run of these knobs", "measured on this server
     *               on 2026-12-06 23:10 UTC"
     * @param build  what ran it, such as "CPython 3.11.2"; null for the emulation
     * @param busy   whether other programs wanted the machine meanwhile, so that its times are a busy machine's
     * @param failed why the run failed, when it did (a crash preset fails by design); null otherwise
     */
    public record Side(String words, String build, boolean busy, String failed) {}

    /** Whether both sides are there to compare. */
    public boolean compared() {
        return emulation != null && cpython != null;
    }

    /** The figures more than 10% apart. */
    public List<FigurePair> disagreeing() {
        return figures.stream().filter(FigurePair::disagrees).toList();
    }

    public boolean shownInCPython() {
        return "cpython".equals(ranIn);
    }
}
