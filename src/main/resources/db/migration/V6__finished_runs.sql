-- Finished runs, kept so that a run's result, lanes and exports stay readable from every server, after a restart
-- and after the server that executed it is gone (a run's page, the compare page, exports and a presented run all
-- read it by id). The executing server writes the row when the run ends; rows older than
-- gillab.runs.archive.keep-for are deleted. Plain SQL that H2 2.x and PostgreSQL 15 both run.
CREATE TABLE finished_runs (
    run_id          VARCHAR(32)   PRIMARY KEY,
    engine          VARCHAR(32)   NOT NULL,
    -- The scenario as the run form's knobs (JSON object of strings), parsed again when read.
    knobs           VARCHAR(8000) NOT NULL,
    lesson_id       VARCHAR(200),
    prediction      VARCHAR(200),
    submitter_id    VARCHAR(200)  NOT NULL,
    submitter_group VARCHAR(200)  NOT NULL,
    instructor      BOOLEAN       NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    message         VARCHAR(2000),
    -- JSON of the last progress and of the summary, as the run's events carried them.
    progress        TEXT,
    summary         TEXT,
    -- The lanes: the trace's snapshot as JSON, gzip-compressed (a few KB for a lesson's run, 2 MB at most).
    lanes           BYTEA,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX finished_runs_by_end ON finished_runs (ended_at);
