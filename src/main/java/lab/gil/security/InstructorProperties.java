package lab.gil.security;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The instructor's account, set with {@code gil-lab.instructor.*} properties or {@code GIL_LAB_INSTRUCTOR_*}
 * variables.
 *
 * @param username     the name an instructor signs in with
 * @param passwordHash the password's hash in Spring's delegating form ({@code {bcrypt}$2a$...}, or
 *                     {@code {pbkdf2}...}); when absent the server makes a password at first start and keeps its hash
 *                     in the data folder
 */
@Validated
@ConfigurationProperties("gil-lab.instructor")
public record InstructorProperties(
        @NotNull @DefaultValue("instructor")
        @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "must be 1 to 64 letters, digits or . _ @ -")
        String username,
        String passwordHash) {
}
