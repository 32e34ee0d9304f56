package lab.gil.process;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's one pool of worker processes. Spring ends it after the run queue has stopped, killing every worker;
 * a worker whose server dies without that exits anyway when its stdin closes.
 */
@Configuration(proxyBeanMethods = false)
class WorkerPoolConfig {

    @Bean(destroyMethod = "shutdown")
    WorkerPool workerPool(@Value("${gillab.processes.cache-dir:}") String cacheDir,
                          @Value("${gillab.processes.max-idle:16}") int maxIdle) throws IOException, InterruptedException {
        Path dir = cacheDir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "gil-lab-workers-" + System.getProperty("user.name"))
                : Path.of(cacheDir);
        return WorkerPool.create(dir, maxIdle);
    }
}
