package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An instructor signs in through the real form; a wrong password gets a clear message and no instructor page. */
class InstructorSignInBrowserTest extends BrowserTestBase {

    @Test
    void anInstructorSignsInThroughTheFormAndSeesTheInstructorPage() throws Exception {
        open("/instructor", 1280, 900);
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/signin"));
        Path shot = Browser.screenshot(driver, "signin-desktop");
        signInAsInstructor();
        // Back where it was sent from ("?continue" tells Spring Security to look for the request it saved).
        assertThat(driver.getCurrentUrl()).isIn(url("/instructor"), url("/instructor?continue"));
        assertThat(driver.findElement(By.cssSelector(".signed-in")).getText()).contains("signed in as instructor");
        assertThat(shot).exists();

        driver.findElement(By.cssSelector(".signed-in button[type=submit]")).click();
        new WebDriverWait(driver, SWAP_TIMEOUT).until(d -> d.getCurrentUrl().equals(url("/signin?signedOut")));
        assertThat(driver.findElement(By.cssSelector(".signin-message")).getText()).isEqualTo("You are signed out.");
        driver.get(url("/instructor"));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/signin"));
    }

    @Test
    void aWrongPasswordIsToldClearlyAndLeadsNowhere() throws Exception {
        open("/signin", 1280, 900);
        signIn("instructor", "not-the-password");
        new WebDriverWait(driver, SWAP_TIMEOUT).until(d -> d.getCurrentUrl().equals(url("/signin?failed")));
        assertThat(driver.findElement(By.cssSelector(".signin-message.error")).getText())
                .isEqualTo("That username and password do not match.");
        Browser.screenshot(driver, "signin-failed-desktop");
        driver.get(url("/instructor"));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/signin"));
    }
}
