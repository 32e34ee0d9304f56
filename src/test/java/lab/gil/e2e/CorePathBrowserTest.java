package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The core path as a student and an instructor see it: the lesson list splits the lessons into the core path of about
 * an hour and the follow-ups, each with its estimated time, and the instructor's class form groups them the same way.
 */
class CorePathBrowserTest extends BrowserTestBase {

    @Test
    void theLessonListShowsTheCorePathWithItsMinutesAndThenTheFollowUps() throws Exception {
        open("/", 1200, 1400);
        WebElement core = driver.findElement(By.cssSelector("section.core-path"));
        assertThat(core.findElement(By.tagName("h2")).getText()).matches("The core path: about \\d+ minutes");
        int minutes = Integer.parseInt(core.findElement(By.cssSelector(".core-minutes")).getText());
        assertThat(minutes).isBetween(50, 65);
        List<WebElement> coreLessons = core.findElements(By.cssSelector("li[data-lesson-id]"));
        assertThat(coreLessons).extracting(li -> li.getDomAttribute("data-lesson-id")).contains("race-conditions");
        assertThat(coreLessons).allSatisfy(li ->
                assertThat(li.findElement(By.cssSelector(".lesson-minutes")).getText()).matches("about \\d+ min"));
        assertThat(coreLessons).extracting(li -> Integer.parseInt(li.getDomAttribute("value"))).isSorted();
        assertThat(driver.findElements(By.cssSelector("section.follow-ups li[data-lesson-id]")))
                .extracting(li -> li.getDomAttribute("value") + " " + li.getDomAttribute("data-lesson-id"))
                .as("the convoy right after lesson 5, crashes right after oversubscription")
                .startsWith("6 switch-interval-and-convoy")
                .containsSequence("9 oversubscription", "10 crashes");
        Browser.screenshot(driver, "core-path-list");

        driver = startPhone(375, 1400);
        driver.get(url("/"));
        assertThat(driver.findElement(By.cssSelector("section.core-path h2")).isDisplayed()).isTrue();
        Browser.screenshot(driver, "core-path-list-phone");
    }

    @Test
    void theInstructorsClassFormOffersTheCorePathFirstWithItsTime() throws Exception {
        open("/instructor/classes", 1200, 1000);
        signInAsInstructor();
        driver.get(url("/instructor/classes"));
        List<WebElement> groups = driver.findElements(By.cssSelector("select[name=lessonId] optgroup"));
        assertThat(groups).extracting(g -> g.getDomAttribute("label"))
                .satisfiesExactly(core -> assertThat(core).matches("Core path, about \\d+ minutes"),
                        followUps -> assertThat(followUps).isEqualTo("Follow-ups"));
        assertThat(groups.getFirst().findElements(By.tagName("option"))).first()
                .satisfies(o -> assertThat(o.getText()).matches("1\\. .+ \\(about \\d+ min\\)"));
        List<String> followUpOptions = groups.get(1).findElements(By.tagName("option")).stream()
                .map(o -> o.getText().replaceFirst(" \\(about \\d+ min\\)$", "")).toList();
        assertThat(followUpOptions).as("the convoy right after lesson 5, crashes right after oversubscription")
                .startsWith("6. The switch interval and the convoy effect")
                .containsSequence("9. Oversubscription", "10. Crashes");
        assertThat(driver.findElement(By.cssSelector("main .timing")).getText()).contains("A class of 90 minutes");
        Browser.screenshot(driver, "core-path-classes");
    }
}
