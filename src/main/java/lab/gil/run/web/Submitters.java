package lab.gil.run.web;

import jakarta.servlet.http.HttpSession;
import lab.gil.run.Submitter;
import org.springframework.stereotype.Component;

/** Tells who is pressing Run, for the queue's turns: today every browser session is its own group. */
@Component
class Submitters {

    Submitter of(HttpSession session) {
        return Submitter.session(session.getId());
    }
}
