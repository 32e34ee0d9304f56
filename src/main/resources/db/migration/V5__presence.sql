-- Who is connected to a class, by heartbeats with an expiry: each server keeps one row per member who has a page
-- of the class open on it, renews seen_at every gil-lab.classroom.heartbeat, and deletes the row when that
-- member's last page there closes. A member is connected while some server's row is younger than the expiry
-- (three heartbeats); a server that died stops renewing, so its students stop counting within the expiry instead
-- of staying "connected" on the other servers for ever. Plain SQL that H2 2.x and PostgreSQL 15 both run.
CREATE TABLE class_presence (
    server_id VARCHAR(80) NOT NULL,
    member_id BIGINT      NOT NULL REFERENCES class_members (id) ON DELETE CASCADE,
    class_id  BIGINT      NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (server_id, member_id)
);

CREATE INDEX class_presence_by_class ON class_presence (class_id, seen_at);
CREATE INDEX class_presence_by_age ON class_presence (seen_at);
