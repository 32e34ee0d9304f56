-- What CPython's figures kept on this server (preset_measurements) answered when a round was revealed, beside what the
-- instructor's runs measured (issue 19): kept with the round, since CPython's figures are replaced by each
-- re-measuring. NULL for rounds revealed before this column existed, which read as they did. Plain SQL that H2 2.x and
-- PostgreSQL 15 both run, one column a statement.
ALTER TABLE poll_rounds ADD COLUMN cpython_kind VARCHAR(20);
ALTER TABLE poll_rounds ADD COLUMN cpython_figure VARCHAR(200);
ALTER TABLE poll_rounds ADD COLUMN cpython_choice VARCHAR(200);
ALTER TABLE poll_rounds ADD COLUMN cpython_next VARCHAR(200);
-- When CPython measured the presets the answer read (the oldest of them), and what ran them ('CPython 3.11.7').
ALTER TABLE poll_rounds ADD COLUMN cpython_measured_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE poll_rounds ADD COLUMN cpython_build VARCHAR(200);
ALTER TABLE poll_rounds ADD CONSTRAINT poll_rounds_cpython_kind
    FOREIGN KEY (cpython_kind) REFERENCES poll_measured_kinds (kind);
