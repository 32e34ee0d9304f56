package lab.gil.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The migrations run on a real PostgreSQL 15, not only on the embedded H2: several servers will share one.
 * Skipped, with a message, where PostgreSQL is not installed.
 */
class MigrationsPostgresTest {

    @Test
    void everyMigrationAppliesToPostgresAndTheTablesWork() {
        TestPostgres postgres = TestPostgres.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.newDatabaseUrl(), postgres.user(), "");

        MigrateResult result = Flyway.configure().dataSource(dataSource).load().migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrations).extracting(m -> m.version).contains("1");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        List<String> tables = jdbc.sql("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name""")
                .query(String.class).list();
        assertThat(tables).contains("classes", "class_settings", "class_members");
    }
}
