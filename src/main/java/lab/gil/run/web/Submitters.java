package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import lab.gil.classroom.Classes;
import lab.gil.classroom.Membership;
import lab.gil.run.Submitter;
import lab.gil.security.SecurityConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tells who is pressing Run, for the queue's turns: a signed-in instructor goes first; a class member takes turns
 * with their class; any other browser session is a group of its own.
 */
@Component
class Submitters {

    /** Absent in a web slice without a database: then nobody is in a class. */
    private final ObjectProvider<Classes> classes;

    Submitters(ObjectProvider<Classes> classes) {
        this.classes = classes;
    }

    Submitter of(HttpServletRequest request) {
        if (request.isUserInRole(SecurityConfig.INSTRUCTOR)) {
            return Submitter.instructor(request.getRemoteUser());
        }
        Classes available = classes.getIfAvailable();
        Optional<Membership> membership = available == null ? Optional.empty() : available.membership(request);
        return membership
                .map(m -> Submitter.classMember(String.valueOf(m.member().id()), m.classroom().code()))
                .orElseGet(() -> Submitter.session(request.getSession().getId()));
    }
}
