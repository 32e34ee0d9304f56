package lab.gil.classroom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lab.gil.stream.EventChannel;
import lab.gil.stream.PageStream;
import lab.gil.stream.SseStreams;
import org.springframework.stereotype.Component;

/**
 * The event channels of the classes this server has pages of, which join the pages' streams: for each class one
 * its students' pages follow (event {@value #CLASS_EVENT}, a whole {@link ClassSnapshot} each time) and one its
 * instructor's page follows (event {@value #MEMBERS_EVENT}: who is in the class or connected changed, ask again).
 * Fed by {@link ClassNews} from every server, so a page sees what happened on any of them. The events carry no SSE
 * id: each is a whole state (or a nudge to ask again), and a page that comes back gets the last one again.
 *
 * <p>A member's page counts as connected ({@link Presence}) while its stream with the class is open.
 */
@Component
class ClassChannels {

    static final String CLASS_EVENT = "class";
    static final String MEMBERS_EVENT = "members";
    /** Snapshots are whole, so one kept is all a new page needs; a page more than 16 behind resumes with the last. */
    private static final int MAILBOX = 16;

    private final ClassNews news;
    private final Presence presence;
    /** How often a quiet stream with the class writes a comment, to find pages that went away. */
    private final java.time.Duration heartbeat;
    private final EventChannel.SubscriberCount studentPages;
    private final EventChannel.SubscriberCount instructorPages;
    /** The streams of each class by code, made when a page of it first connects here. */
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    ClassChannels(ClassNews news, SseStreams streams, Presence presence, ClassroomProperties properties) {
        this.news = news;
        this.presence = presence;
        this.heartbeat = properties.heartbeat();
        this.studentPages = streams.countFor("class");
        this.instructorPages = streams.countFor("class-instructor");
        news.listen(this::hear);
    }

    /** Adds a member's class to their page's stream; the member counts as connected until that stream ends. */
    void joinStudent(PageStream page, Membership membership) {
        page.follow(room(membership.classroom()).students, e -> true);
        page.onEnd(presence.pageOpened(membership));
        page.keepAlive(heartbeat);
    }

    void joinInstructor(PageStream page, Classroom c) {
        page.follow(room(c).instructor, e -> true);
        page.keepAlive(heartbeat);
    }

    private Room room(Classroom c) {
        Room room = rooms.computeIfAbsent(c.code(), code -> new Room(code, studentPages, instructorPages));
        // The database's state, in case this server missed news (it was not up, or nobody here listened yet).
        room.offer(ClassSnapshot.of(c));
        return room;
    }

    private void hear(ClassNews.Message message) {
        switch (message.kind()) {
            case STATE -> {
                Room room = rooms.get(message.code());
                if (room != null) {
                    room.offer(message.snapshot());
                    if (!message.snapshot().open() && rooms.remove(message.code(), room)) {
                        room.close();
                    }
                }
            }
            case MEMBERS -> nudgeInstructor(message.code());
        }
    }

    private void nudgeInstructor(String code) {
        Room room = rooms.get(code);
        if (room != null) {
            room.instructor.publish(MEMBERS_EVENT, Map.of());
        }
    }

    /** One class's two streams, and the version of the last snapshot its students were sent. */
    private static final class Room {
        final EventChannel students;
        final EventChannel instructor;
        private long version = -1;

        Room(String code, EventChannel.SubscriberCount studentPages, EventChannel.SubscriberCount instructorPages) {
            students = new EventChannel("class-" + code, 1, MAILBOX, studentPages, EventChannel.Ids.NOT_SENT);
            instructor = new EventChannel("class-instructor-" + code, 1, MAILBOX, instructorPages,
                    EventChannel.Ids.NOT_SENT);
        }

        /** Sends a snapshot newer than the last one sent; news may arrive out of order, the database read too. */
        synchronized void offer(ClassSnapshot snapshot) {
            if (snapshot.version() > version) {
                version = snapshot.version();
                students.publish(CLASS_EVENT, snapshot);
            }
        }

        void close() {
            students.close();
            instructor.close();
        }
    }
}
