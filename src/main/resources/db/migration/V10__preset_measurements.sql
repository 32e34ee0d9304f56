-- What each lesson preset measured on this server, in the emulation and in real CPython (issue 19): the fidelity
-- page lists them side by side, and a preset's run with unchanged knobs shows CPython's figure from here, so that a
-- class pressing Run starts no CPython run it did not ask for. One row per preset and engine, replaced by each new
-- measurement. Plain SQL that H2 and PostgreSQL 15 both accept.
CREATE TABLE preset_measurements (
    lesson_id        VARCHAR(64)   NOT NULL,
    preset           VARCHAR(200)  NOT NULL,
    engine           VARCHAR(32)   NOT NULL, -- 'emulation' or 'cpython', as run engines are named
    scenario_key     VARCHAR(8000) NOT NULL, -- the preset's scenario when measured: an edited lesson makes it stale
    measured_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome          VARCHAR(16)   NOT NULL, -- 'measured', 'failed' (ended early) or 'unavailable' (no such build)
    build            VARCHAR(200),           -- what ran it, such as 'CPython 3.11.7'
    message          VARCHAR(2000),          -- why it failed or was unavailable, in words for the page
    machine_load     DOUBLE PRECISION,       -- the 1-minute load average when it ended: a busy machine's figure?
    tasks            INTEGER       NOT NULL,
    tasks_done       INTEGER       NOT NULL,
    wall_ms          DOUBLE PRECISION,
    cpu_ms           DOUBLE PRECISION,
    speedup          DOUBLE PRECISION,
    copy_ms          DOUBLE PRECISION,
    counter_expected BIGINT,
    counter_actual   BIGINT,
    back_from_io_ms  DOUBLE PRECISION,
    PRIMARY KEY (lesson_id, preset, engine)
);
