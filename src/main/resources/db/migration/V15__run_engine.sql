-- What executes a queued run when a server claims it: the emulation, or another engine of the run service (such as
-- a real CPython), named by its id. Runs queued before this column existed were the emulation's.
ALTER TABLE cluster_runs ADD COLUMN engine VARCHAR(32) DEFAULT 'emulation' NOT NULL;
