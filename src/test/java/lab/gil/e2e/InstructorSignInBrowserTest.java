package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

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
        Browser.screenshot(driver, "instructor-desktop");

        driver.findElement(By.cssSelector(".signed-in button[type=submit]")).click();
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> d.getCurrentUrl().equals(url("/signin?signedOut")));
        assertThat(driver.findElement(By.cssSelector(".signin-message")).getText()).isEqualTo("You are signed out.");
        driver.get(url("/instructor"));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/signin"));
    }

    @Test
    void theSignInPageFitsAPhone() throws Exception {
        driver = startPhone(375, 740);
        driver.get(url("/signin"));
        signIn("someone", "not-the-password");
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> d.getCurrentUrl().equals(url("/signin?failed")));
        Number scrollWidth = (Number) driver.executeScript("return document.documentElement.scrollWidth;");
        assertThat(scrollWidth.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(375);
        Browser.screenshot(driver, "signin-failed-phone");
    }

    @Test
    void aWrongPasswordIsToldClearlyAndLeadsNowhere() throws Exception {
        open("/signin", 1280, 900);
        signIn("instructor", "not-the-password");
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> d.getCurrentUrl().equals(url("/signin?failed")));
        assertThat(driver.findElement(By.cssSelector(".signin-message.error")).getText())
                .isEqualTo("That username and password do not match.");
        assertThat(driver.findElement(By.name("username")).getDomProperty("value")).as("kept for the next try")
                .isEqualTo("instructor");
        assertThat(driver.switchTo().activeElement().getDomAttribute("name")).isEqualTo("password");
        Browser.screenshot(driver, "signin-failed-desktop");
        driver.get(url("/instructor"));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/signin"));
    }
}
