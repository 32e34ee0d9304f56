package lab.gil.run.cluster;

import lab.gil.broadcast.Broadcasts;
import lab.gil.broadcast.BroadcastsConfig;
import lab.gil.machine.ServerCalibration;
import lab.gil.run.RunProperties;
import lab.gil.stream.SseStreams;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@value BroadcastsConfig#CLUSTER_SETTING}{@code =true}, the run queue is the table the servers share (in
 * place of the local queue, which the same setting switches off).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(BroadcastsConfig.CLUSTER_SETTING)
class ClusterRunsConfig {

    @Bean
    SharedRunQueue sharedRunQueue(JdbcTemplate jdbc, TransactionTemplate transactions, Broadcasts broadcasts,
                                  JsonMapper json, RunProperties properties, SseStreams streams,
                                  ServerCalibration calibration) {
        return new SharedRunQueue(new ClusterRuns(jdbc, transactions, broadcasts, json), properties,
                streams.countFor("run"), calibration);
    }
}
