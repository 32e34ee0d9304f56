package lab.gil.poll;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lab.gil.stream.EventChannel;
import lab.gil.stream.PageStream;
import lab.gil.stream.SseStreams;
import org.springframework.stereotype.Component;

/**
 * The poll channels of the classes this server has pages of, which join the pages' streams, fed by
 * {@link PollNews} from every server. Each class has two: its students' pages hear a reveal or a reset (event
 * {@value #STUDENT_EVENT}: the round and whether it is revealed, never the votes); its instructor's page also
 * hears every prediction (event {@value #INSTRUCTOR_EVENT}), and asks for the histogram again. Every event is the
 * poll's whole state, so one kept is all a page that reconnects needs, and it carries no SSE id.
 */
@Component
class PollChannels {

    static final String STUDENT_EVENT = "poll-revealed";
    static final String INSTRUCTOR_EVENT = "poll-changed";
    /** Events are whole states: a page that falls 16 behind resumes with the newest. */
    private static final int MAILBOX = 16;

    private final EventChannel.SubscriberCount studentPages;
    private final EventChannel.SubscriberCount instructorPages;
    /** Each class's streams by code, made when a page of it first connects here. */
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    PollChannels(PollNews news, SseStreams streams) {
        this.studentPages = streams.countFor("poll");
        this.instructorPages = streams.countFor("poll-instructor");
        news.listen(this::hear);
    }

    /** Adds the poll to a student page's stream; {@code now} is the poll as the database has it, in case this server missed news. */
    void joinStudent(PageStream page, PollNews.Message now) {
        Room room = room(now.code());
        room.offer(now);
        page.follow(room.students, e -> true);
    }

    void joinInstructor(PageStream page, PollNews.Message now) {
        Room room = room(now.code());
        room.offer(now);
        page.follow(room.instructor, e -> true);
    }

    /** Lets go of a class's streams once it has ended: their pages are completed. */
    void close(String code) {
        Room room = rooms.remove(code);
        if (room != null) {
            room.students.close();
            room.instructor.close();
        }
    }

    private Room room(String code) {
        return rooms.computeIfAbsent(code, c -> new Room(c, studentPages, instructorPages));
    }

    private void hear(PollNews.Message message) {
        Room room = rooms.get(message.code());
        if (room != null) {
            room.offer(message);
        }
    }

    /** One class's two streams and the state its students were last sent. */
    private static final class Room {
        final EventChannel students;
        final EventChannel instructor;
        /** The round and reveal the students were last told of; guarded by this. */
        private StudentState told;

        Room(String code, EventChannel.SubscriberCount studentPages, EventChannel.SubscriberCount instructorPages) {
            students = new EventChannel("poll-" + code, 1, MAILBOX, studentPages, EventChannel.Ids.NOT_SENT);
            instructor = new EventChannel("poll-instructor-" + code, 1, MAILBOX, instructorPages,
                    EventChannel.Ids.NOT_SENT);
        }

        /**
         * The instructor hears everything; students hear only a change of round or of reveal, and that once, so
         * that a class voting does not send every student an event per vote.
         */
        synchronized void offer(PollNews.Message message) {
            StudentState state = new StudentState(message.round(), message.revealed(), message.measured(),
                    message.cpython());
            instructor.publish(INSTRUCTOR_EVENT, state);
            if (told == null || !state.equals(told) && !state.olderThan(told)) {
                told = state;
                students.publish(STUDENT_EVENT, state);
            }
        }
    }

    /** What a page is told: the round, whether it is revealed, and beside what measured answer and CPython's. */
    record StudentState(int round, boolean revealed, String measured, String cpython) {

        /** An earlier round, or the same round not yet revealed: news may arrive out of order, the database read too. */
        boolean olderThan(StudentState other) {
            return round < other.round || (round == other.round && !revealed && other.revealed);
        }
    }
}
