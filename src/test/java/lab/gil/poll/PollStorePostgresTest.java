package lab.gil.poll;

import javax.sql.DataSource;
import lab.gil.db.TestPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The poll store on a real PostgreSQL 15, which several servers of one class share; skipped where it is absent. */
class PollStorePostgresTest extends PollStoreContract {

    @Override
    DataSource freshDatabase() {
        TestPostgres postgres = TestPostgres.get();
        return new DriverManagerDataSource(postgres.newDatabaseUrl(), postgres.user(), "");
    }
}
