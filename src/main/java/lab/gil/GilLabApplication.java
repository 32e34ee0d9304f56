package lab.gil;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** GIL Lab: lessons that run threads, processes and an emulated GIL for real and chart them live. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GilLabApplication {

    public static void main(String[] args) {
        SpringApplication.run(GilLabApplication.class, args);
    }
}
