package lab.gil.poll;

import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The poll store on the embedded H2, the default database. */
class PollStoreH2Test extends PollStoreContract {

    @Override
    DataSource freshDatabase() {
        return new DriverManagerDataSource("jdbc:h2:mem:polls-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
}
