package lab.gil.broadcast;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One server on its own: broadcasts stay in this process. A shared engine for several servers replaces this bean. */
@Configuration(proxyBeanMethods = false)
class BroadcastsConfig {

    @Bean
    Broadcasts broadcasts() {
        return new LocalBroadcasts();
    }
}
