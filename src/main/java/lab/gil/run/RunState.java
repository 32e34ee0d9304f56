package lab.gil.run;

/** Where a run is in its life: queued, running, then one of three ends. */
public enum RunState {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /** Lower-case name, as the page and the metrics show it. */
    public String id() {
        return name().toLowerCase();
    }
}
