package lab.gil.security;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The one instructor account, from configuration or from the password kept in the data folder. */
@Configuration
@EnableConfigurationProperties(InstructorProperties.class)
public class InstructorAccountConfig {

    /** Reads every scheme Spring knows ({@code {bcrypt}}, {@code {argon2}}...) and makes bcrypt hashes. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService instructors(InstructorProperties account, PasswordEncoder encoder,
                                   @Value("${gil-lab.data-dir:./data}") Path dataDir) {
        return new InMemoryUserDetailsManager(User.withUsername(account.username())
                .password(InstructorPassword.hash(account, dataDir, encoder))
                .roles(SecurityConfig.INSTRUCTOR)
                .build());
    }
}
