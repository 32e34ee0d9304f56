package lab.gil.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The instructor account tests sign in with: its password, a context property that configures its hash, and a
 * MockMvc post-processor that signs a request in as it. Also the metrics scraper's account.
 */
public final class TestInstructor {

    public static final String USERNAME = "instructor";
    public static final String PASSWORD = "test-instructor-password";
    /** {@link #PASSWORD}'s hash, as {@code GIL_LAB_INSTRUCTOR_PASSWORD_HASH} would hold it. */
    public static final String PASSWORD_HASH = "{bcrypt}$2a$10$pMwEvrc2yvHt2URMoJcnPuWTMrN73jMgHiIw6/WoRjWSBOROq2RfW";
    /** For {@code @SpringBootTest(properties = ...)}: the account above instead of a password kept in the data folder. */
    public static final String HASH_PROPERTY = "gil-lab.instructor.password-hash=" + PASSWORD_HASH;
    /** The metrics scraper's account in tests: same password, its own user. */
    public static final String SCRAPER = "prometheus";
    public static final String SCRAPER_HASH_PROPERTY = "gil-lab.metrics.password-hash=" + PASSWORD_HASH;

    private TestInstructor() {}

    /** Signs a MockMvc request in as an instructor: {@code mvc.get().uri("/instructor").with(instructor())}. */
    public static RequestPostProcessor instructor() {
        return user(USERNAME).roles(SecurityConfig.INSTRUCTOR);
    }
}
