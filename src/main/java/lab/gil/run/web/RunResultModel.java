package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * What a finished run's result shows of another feature, such as the lesson's question answered by this session's
 * runs: attributes the feature adds to the result fragment's model. The result then needs no request of its own
 * for them. run.web owns this interface so that the features that show runs depend on run.web, not the reverse.
 */
public interface RunResultModel {

    /**
     * Adds this feature's attributes for the finished {@code run}, as whoever sent {@code request} sees it (their
     * session's runs, and in a class their class's poll).
     */
    void addTo(RunView run, HttpServletRequest request, Map<String, Object> model);
}
