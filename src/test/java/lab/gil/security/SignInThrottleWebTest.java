package lab.gil.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Sign-in attempts through the real form's filters: after five failures even the right password must wait. */
@WebMvcTest(controllers = {SignInController.class, InstructorHomeController.class},
        properties = TestInstructor.HASH_PROPERTY)
@Import({SecurityConfig.class, InstructorAccountConfig.class})
class SignInThrottleWebTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void theSixthAttemptWithinAMinuteIsRefusedWithHowLongToWaitEvenWithTheRightPassword() {
        for (int i = 1; i <= SignInThrottle.MAX_FAILURES; i++) {
            MvcTestResult wrong = signIn("192.0.2.1", TestInstructor.USERNAME, "wrong-" + i);
            assertThat(wrong).hasRedirectedUrl("/signin?failed");
            assertThat(pageAfter(wrong)).as("failure %d", i).bodyText().contains(SignInController.WRONG_PASSWORD);
        }
        MvcTestResult right = signIn("192.0.2.1", TestInstructor.USERNAME, TestInstructor.PASSWORD);
        assertThat(right).as("not signed in").hasRedirectedUrl("/signin?failed");
        assertThat(pageAfter(right)).bodyText()
                .containsPattern("Too many sign-in attempts\\. Wait (5[0-9]|60) s, then try again\\.");

        MvcTestResult elsewhere = signIn("198.51.100.7", TestInstructor.USERNAME, TestInstructor.PASSWORD);
        assertThat(pageAfter(elsewhere)).as("the username is throttled from every address")
                .bodyText().contains("Too many sign-in attempts.");
    }

    @Test
    void anAddressTryingManyUsernamesIsThrottledToo() {
        for (int i = 1; i <= SignInThrottle.MAX_FAILURES; i++) {
            signIn("203.0.113.9", "guess-" + i, "wrong");
        }
        assertThat(pageAfter(signIn("203.0.113.9", "guess-6", "wrong"))).bodyText().contains("Too many sign-in attempts.");
        assertThat(pageAfter(signIn("203.0.113.10", "guess-6", "wrong")))
                .as("another address and a name not yet tried").bodyText().contains(SignInController.WRONG_PASSWORD);
    }

    private MvcTestResult signIn(String address, String username, String password) {
        return mvc.post().uri("/signin").with(csrf()).with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                }).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("username", username).param("password", password).exchange();
    }

    /** The sign-in page the failed attempt was sent back to, as the browser would show it next. */
    private MvcTestResult pageAfter(MvcTestResult result) {
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        return mvc.get().uri("/signin?failed").session(session).exchange();
    }
}
