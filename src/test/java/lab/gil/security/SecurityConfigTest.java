package lab.gil.security;

import static lab.gil.security.TestInstructor.instructor;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who reaches what: students everything they use without an account, instructors their pages after signing in. */
@WebMvcTest(controllers = {SignInController.class, InstructorHomeController.class},
        properties = TestInstructor.HASH_PROPERTY)
@Import({SecurityConfig.class, InstructorAccountConfig.class, SecurityConfigTest.StudentStandIn.class})
class SecurityConfigTest {

    /** Stands in for the student controllers: a page and an action under the URLs students use. */
    @RestController
    static class StudentStandIn {
        @GetMapping("/lessons/stand-in")
        String showPage() {
            return "a lesson";
        }

        @PostMapping("/runs/stand-in")
        String startRun() {
            return "started";
        }

        @GetMapping("/instructor/stand-in")
        String showInstructorPage() {
            return "instructor only";
        }

        @GetMapping("/not-listed")
        String showUnlisted() {
            return "unlisted";
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void studentsUseLessonsAndRunsWithoutAnAccount() {
        assertThat(mvc.get().uri("/lessons/stand-in")).hasStatusOk().bodyText().isEqualTo("a lesson");
        assertThat(mvc.post().uri("/runs/stand-in").with(csrf())).hasStatusOk().bodyText().isEqualTo("started");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedWithAMessage() {
        MvcTestResult result = mvc.post().uri("/runs/stand-in").exchange();
        assertThat(result).hasStatus(403);
        assertThat(result.getResponse().getErrorMessage()).isEqualTo(ExpiredPageHandler.EXPIRED_PAGE);
    }

    @Test
    void anHtmxPostWithAStaleTokenReloadsThePageInsteadOfSwappingAnError() {
        MvcTestResult result = mvc.post().uri("/runs/stand-in").header("HX-Request", "true")
                .with(csrf().useInvalidToken()).exchange();
        assertThat(result).hasStatus(403).hasHeader("HX-Refresh", "true");
    }

    @Test
    void aStudentOpeningAnInstructorPageIsSentToSignIn() {
        assertThat(mvc.get().uri("/instructor/stand-in")).hasStatus(302).hasRedirectedUrl("/signin");
        assertThat(mvc.get().uri("/instructor")).hasStatus(302).hasRedirectedUrl("/signin");
    }

    @Test
    void aUrlNoRuleNamesNeedsAnInstructor() {
        assertThat(mvc.get().uri("/not-listed")).hasStatus(302).hasRedirectedUrl("/signin");
        assertThat(mvc.get().uri("/not-listed").with(instructor())).hasStatusOk();
    }

    @Test
    void anHtmxRequestThatMustSignInGetsHxRedirectInsteadOfTheSignInFormInAFragment() {
        MvcTestResult result = mvc.get().uri("/instructor/stand-in").header("HX-Request", "true").exchange();
        assertThat(result).hasStatus(401).hasHeader("HX-Redirect", "/signin");
        assertThat(result).bodyText().isEmpty();
    }

    @Test
    void anInstructorReachesInstructorPagesAndTheHeaderSaysWhoIsSignedIn() {
        assertThat(mvc.get().uri("/instructor/stand-in").with(instructor())).hasStatusOk();
        assertThat(mvc.get().uri("/instructor").with(instructor())).hasStatusOk().bodyText()
                .contains("signed in as <strong>instructor</strong>").contains("action=\"/signout\"");
    }

    @Test
    void theSignInPageCarriesTheCsrfTokenInItsFormAndInItsMetaTags() {
        MvcTestResult page = mvc.get().uri("/signin").exchange();
        assertThat(page).hasStatusOk().bodyText()
                .contains("<form class=\"signin-form\" action=\"/signin\" method=\"post\">")
                .containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"")
                .containsPattern("<meta name=\"csrf-token\" content=\"[^\"]+\">")
                .contains("<meta name=\"csrf-header\" content=\"X-CSRF-TOKEN\">")
                .contains("src=\"/js/csrf.js\"");
    }

    @Test
    void theRightPasswordSignsInAndLandsOnTheInstructorPage() {
        MvcTestResult result = signIn(TestInstructor.USERNAME, TestInstructor.PASSWORD);
        assertThat(result).hasStatus(302).hasRedirectedUrl("/instructor");
    }

    @Test
    void aWrongPasswordComesBackToTheSignInPageWithAClearMessage() {
        MvcTestResult result = signIn(TestInstructor.USERNAME, "not-the-password");
        assertThat(result).hasStatus(302).hasRedirectedUrl("/signin?failed");
        MvcTestResult page = mvc.get().uri("/signin?failed").session((MockHttpSession) result.getRequest().getSession(false)).exchange();
        assertThat(page).hasStatusOk().bodyText().contains(SignInController.WRONG_PASSWORD);
    }

    @Test
    void signingOutNeedsAPostWithTheToken() {
        assertThat(mvc.post().uri("/signout").with(instructor()).with(csrf()))
                .hasStatus(302).hasRedirectedUrl("/signin?signedOut");
    }

    private MvcTestResult signIn(String username, String password) {
        return mvc.post().uri("/signin").with(csrf()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("username", username).param("password", password).exchange();
    }
}
