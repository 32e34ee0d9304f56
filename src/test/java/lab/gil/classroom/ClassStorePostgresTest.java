package lab.gil.classroom;

import javax.sql.DataSource;
import lab.gil.db.TestPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The class store on a real PostgreSQL 15, which several servers of one class share; skipped where it is absent. */
class ClassStorePostgresTest extends ClassStoreContract {

    @Override
    DataSource freshDatabase() {
        TestPostgres postgres = TestPostgres.get();
        return new DriverManagerDataSource(postgres.newDatabaseUrl(), postgres.user(), "");
    }
}
