package lab.gil.poll;

import lab.gil.classroom.Classes;
import lab.gil.security.SecurityConfig;
import lab.gil.stream.PageStream;
import lab.gil.stream.PageStreamPart;
import org.springframework.stereotype.Component;

/**
 * A class's poll on a page's stream: a member's page ({@code ?class=CODE}) hears a reveal or a new round, the
 * instructor's console ({@code ?console=CODE}) every prediction too. Who may see the class is the classroom's
 * part to say ({@code ClassStreamPart}); this one adds nothing for a browser that may not.
 */
@Component
class PollStreamPart implements PageStreamPart {

    private final Polls polls;
    private final Classes classes;
    private final PollChannels channels;

    PollStreamPart(Polls polls, Classes classes, PollChannels channels) {
        this.polls = polls;
        this.classes = classes;
        this.channels = channels;
    }

    @Override
    public void join(PageStream page) {
        page.parameter("class").flatMap(code -> classes.membership(page.request())
                        .filter(m -> m.classroom().code().equals(code)))
                .ifPresent(m -> channels.joinStudent(page, polls.now(m.classroom())));
        if (page.request().isUserInRole(SecurityConfig.INSTRUCTOR)) {
            page.parameter("console").flatMap(classes::findOpen)
                    .ifPresent(c -> channels.joinInstructor(page, polls.now(c)));
        }
    }
}
