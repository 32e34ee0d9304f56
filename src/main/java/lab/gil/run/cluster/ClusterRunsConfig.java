package lab.gil.run;

import lab.gil.broadcast.Broadcasts;
import lab.gil.broadcast.BroadcastsConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** With {@value BroadcastsConfig#CLUSTER_SETTING}{@code =true}, the run queue is the table the servers share. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(BroadcastsConfig.CLUSTER_SETTING)
class ClusterRunsConfig {

    @Bean
    ClusterRuns clusterRuns(JdbcTemplate jdbc, TransactionTemplate transactions, Broadcasts broadcasts, JsonMapper json) {
        return new ClusterRuns(jdbc, transactions, broadcasts, json);
    }
}
