package lab.gil.classroom;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The class store on the embedded H2, the default database. */
class ClassStoreH2Test extends ClassStoreContract {

    @Override
    DataSource freshDatabase() {
        return new DriverManagerDataSource("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
}
