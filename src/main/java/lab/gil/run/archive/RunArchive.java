package lab.gil.run.archive;

import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import lab.gil.run.FinishedRuns;
import lab.gil.run.Run;
import lab.gil.run.RunState;
import lab.gil.run.Submitter;
import lab.gil.run.measure.Progress;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.EventChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finished runs in the database's {@code finished_runs} table ({@code V6__finished_runs.sql}), on H2 or PostgreSQL:
 * written by the server that executed a run when it ends, read by any server that is asked for a run it does not
 * hold (or holds without lanes), deleted {@code gillab.runs.archive.keep-for} after they ended.
 *
 * <p>The row holds what a run's page, its exports and the compare page read: the scenario as knobs, labels, how
 * it ended, its last progress and summary as the JSON its events carried, and its lanes as a gzip-compressed
 * snapshot. A row another version of the server cannot read any more (knobs it refuses, JSON it cannot map) is
 * treated as absent, with a warning, never as an error page.
 */
@Repository
public class RunArchive implements FinishedRuns {

    private static final Logger log = LoggerFactory.getLogger(RunArchive.class);
    private static final TypeReference<Map<String, String>> KNOBS = new TypeReference<>() {};
    private static final int MESSAGE_LIMIT = 2000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RunArchiveProperties properties;
    /** Deletes rows older than the retention, now and then; any server may, the statement is idempotent. */
    private final ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("run-archive-cleaner").daemon().factory());

    public RunArchive(JdbcClient jdbc, JsonMapper json, RunArchiveProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        cleaner.scheduleWithFixedDelay(this::forgetOld, 1, 10, TimeUnit.MINUTES);
    }

    @Override
    public void keep(Run run) {
        try {
            Submitter by = run.submitter();
            jdbc.sql("""
                            INSERT INTO finished_runs (run_id, engine, knobs, lesson_id, prediction, submitter_id,
                                submitter_group, instructor, state, message, progress, summary, lanes, created_at, ended_at)
                            VALUES (:id, :engine, :knobs, :lesson, :prediction, :submitter, :grp, :instructor, :state,
                                :message, :progress, :summary, :lanes, :created, :ended)""")
                    .param("id", run.id()).param("engine", run.engine())
                    .param("knobs", json.writeValueAsString(ScenarioParser.knobsOf(run.scenario())))
                    .param("lesson", run.lessonId()).param("prediction", run.prediction())
                    .param("submitter", by.id()).param("grp", by.group()).param("instructor", by.instructor())
                    .param("state", run.state().id()).param("message", truncated(run.message()))
                    .param("progress", run.progress() == null ? null : json.writeValueAsString(run.progress()))
                    .param("summary", run.summary() == null ? null : json.writeValueAsString(run.summary()))
                    .param("lanes", run.trace().map(t -> gzip(json.writeValueAsBytes(t.snapshot()))).orElse(null))
                    .param("created", utc(run.createdAt())).param("ended", utc(Instant.now()))
                    .update();
        } catch (DataAccessException | JacksonException e) {
            log.warn("Run {} is not kept beyond this server's memory ({})", run.id(), e.getMessage());
        }
    }

    @Override
    public Optional<Run> find(String id, EventChannel.SubscriberCount viewers) {
        try {
            return jdbc.sql("SELECT * FROM finished_runs WHERE run_id = :id").param("id", id)
                    .query((rs, n) -> read(rs, viewers)).optional().flatMap(r -> r);
        } catch (DataAccessException e) {
            log.warn("Could not read kept run {} ({})", id, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Run> read(ResultSet rs, EventChannel.SubscriberCount viewers) throws SQLException {
        String id = rs.getString("run_id");
        try {
            if (!(ScenarioParser.parse(json.readValue(rs.getString("knobs"), KNOBS))
                    instanceof ScenarioParser.Result.Valid(Scenario scenario))) {
                log.warn("Kept run {} has knobs this server refuses: {}", id, rs.getString("knobs"));
                return Optional.empty();
            }
            String progress = rs.getString("progress");
            String summary = rs.getString("summary");
            byte[] lanes = rs.getBytes("lanes");
            return Optional.of(Run.ended(id, scenario, rs.getString("engine"), rs.getString("lesson_id"),
                    rs.getString("prediction"), new Submitter(rs.getString("submitter_id"),
                            rs.getString("submitter_group"), rs.getBoolean("instructor")),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                    RunState.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)), rs.getString("message"),
                    progress == null ? null : json.readValue(progress, Progress.class),
                    summary == null ? null : json.readValue(summary, RunSummary.class),
                    lanes == null ? null : RunTrace.of(json.readValue(gunzip(lanes), RunTrace.Snapshot.class)),
                    viewers));
        } catch (JacksonException | IllegalArgumentException | UncheckedIOException e) {
            log.warn("Kept run {} cannot be read by this server ({})", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** Deletes the runs that ended longer ago than the retention. */
    void forgetOld() {
        try {
            int deleted = jdbc.sql("DELETE FROM finished_runs WHERE ended_at < :cutoff")
                    .param("cutoff", utc(Instant.now().minus(properties.keepFor()))).update();
            if (deleted > 0) {
                log.info("Forgot {} run(s) that ended more than {} ago", deleted, properties.keepFor());
            }
        } catch (DataAccessException e) {
            log.warn("Could not forget old runs ({}); trying again later", e.getMessage());
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again.
            log.error("Forgetting old runs failed", e);
        }
    }

    @PreDestroy
    public void stop() {
        cleaner.shutdownNow();
    }

    private static String truncated(String message) {
        return message == null || message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT - 1) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return zip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
