package lab.gil.broadcast;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One server broadcasts in its own process; with {@value #CLUSTER_SETTING}{@code =true} several servers broadcast
 * through the PostgreSQL they share (the data source, {@code spring.datasource.url=jdbc:postgresql://...}).
 */
@Configuration(proxyBeanMethods = false)
public class BroadcastsConfig {

    /** The one setting that makes this server one of several sharing a PostgreSQL. */
    public static final String CLUSTER_SETTING = "gillab.cluster.enabled";

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(CLUSTER_SETTING)
    Broadcasts postgresBroadcasts(DataSource dataSource) {
        requirePostgres(dataSource);
        return new PostgresBroadcasts(dataSource);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = CLUSTER_SETTING, havingValue = false, matchIfMissing = true)
    Broadcasts localBroadcasts() {
        return new LocalBroadcasts();
    }

    /** Stops the start with a message naming the settings when the shared database is not PostgreSQL. */
    static void requirePostgres(DataSource dataSource) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException(CLUSTER_SETTING + "=true needs the shared PostgreSQL, which did not answer: "
                    + e.getMessage(), e);
        }
        if (!"PostgreSQL".equals(product)) {
            throw new IllegalStateException(CLUSTER_SETTING + "=true needs a PostgreSQL database shared by every server"
                    + " (spring.datasource.url=jdbc:postgresql://host:5432/gillab), not " + product);
        }
    }
}
