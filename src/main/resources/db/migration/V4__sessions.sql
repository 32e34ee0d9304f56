-- Browser sessions, kept by Spring Session JDBC so that any server of several serves any browser: a session's runs,
-- its CSRF token and an instructor's sign-in hold on every server, and outlive the server that made them.
-- Spring Session's own schema (schema-postgresql.sql of spring-session-jdbc 4.0.4), applied by Flyway rather than
-- by Spring Session (spring.session.jdbc.initialize-schema=never), in plain SQL that H2 2.x and PostgreSQL 15 both
-- run: BYTEA is PostgreSQL's name for bytes, and an alias of VARBINARY in H2.

CREATE TABLE spring_session (
    primary_id            CHAR(36)     NOT NULL,
    session_id            CHAR(36)     NOT NULL,
    creation_time         BIGINT       NOT NULL,
    last_access_time      BIGINT       NOT NULL,
    max_inactive_interval INT          NOT NULL,
    expiry_time           BIGINT       NOT NULL,
    principal_name        VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);

CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
