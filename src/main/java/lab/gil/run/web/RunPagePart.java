package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.servlet.ModelAndView;

/**
 * An element of a page that a run's end changes (the lesson's runs table, the session's runs), brought up to date by
 * the same response that shows the finished run, as an htmx out-of-band fragment: one request for the whole page.
 * The page names the elements it has ({@value #REFRESH} parameter), so a page without one gets no fragment for it.
 */
public interface RunPagePart {

    /** The request parameter that lists, separated by spaces, the ids of the elements the page wants refreshed. */
    String REFRESH = "refresh";
    /** The model attribute that tells the fragment to mark its root {@code hx-swap-oob}. */
    String OUT_OF_BAND = "outOfBand";

    /** The id of the page element this part renders. */
    String elementId();

    /**
     * The element as whoever sent {@code request} sees it after {@code run} ended, its model holding
     * {@link #OUT_OF_BAND} true; empty when the run's end did not change it.
     */
    Optional<ModelAndView> render(RunView run, HttpServletRequest request);
}
