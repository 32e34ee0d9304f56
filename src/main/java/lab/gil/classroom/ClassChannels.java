package lab.gil.classroom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lab.gil.stream.EventChannel;
import lab.gil.stream.SseStreams;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The SSE streams of the classes this server has pages of: for each class one stream its students' pages follow
 * (event {@value #CLASS_EVENT}, a whole {@link ClassSnapshot} each time) and one its instructor's page follows
 * (event {@value #MEMBERS_EVENT}: who is in the class or connected changed, ask again). Fed by {@link ClassNews}
 * from every server, so a page sees what happened on any of them.
 *
 * <p>A member's page counts as connected ({@link Presence}) while its class stream is open.
 */
@Component
class ClassChannels {

    static final String CLASS_EVENT = "class";
    static final String MEMBERS_EVENT = "members";
    /** Snapshots are whole, so one kept is all a new page needs; a page more than 16 behind resumes with the last. */
    private static final int MAILBOX = 16;

    private final ClassNews news;
    private final SseStreams streams;
    private final StreamHeartbeat heartbeat;
    private final Presence presence;
    private final EventChannel.SubscriberCount studentPages;
    private final EventChannel.SubscriberCount instructorPages;
    /** The streams of each class by code, made when a page of it first connects here. */
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    ClassChannels(ClassNews news, SseStreams streams, StreamHeartbeat heartbeat, Presence presence) {
        this.news = news;
        this.streams = streams;
        this.heartbeat = heartbeat;
        this.presence = presence;
        this.studentPages = streams.countFor("class");
        this.instructorPages = streams.countFor("class-instructor");
        news.listen(this::hear);
    }

    /** Connects a member's page to their class's stream; the member counts as connected until it closes. */
    SseEmitter connectStudent(Membership membership) {
        Runnable pageClosed = presence.pageOpened(membership);
        SseEmitter emitter;
        try {
            emitter = streams.connect(room(membership.classroom()).students, 0, pageClosed);
        } catch (RuntimeException refused) {
            pageClosed.run();
            throw refused;
        }
        heartbeat.watch(emitter);
        return emitter;
    }

    SseEmitter connectInstructor(Classroom c) {
        SseEmitter emitter = streams.connect(room(c).instructor, 0);
        heartbeat.watch(emitter);
        return emitter;
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
            students = new EventChannel("class-" + code, 1, MAILBOX, studentPages);
            instructor = new EventChannel("class-instructor-" + code, 1, MAILBOX, instructorPages);
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
