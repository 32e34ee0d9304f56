package lab.gil.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.gil.classroom.Browsers.Browser;
import lab.gil.classroom.Browsers.EventStream;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A class through real HTTP, as browsers use it: the instructor opens a class and gets its code, join URL and QR
 * code; students join by code; the instructor sees who is connected; locked knobs reach the students' streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "gil-lab.classroom.heartbeat=500ms", TestInstructor.HASH_PROPERTY})
class ClassroomWebTest {

    /** A class event from a change to a page's stream; on one server it takes milliseconds. */
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);
    /** A tiny run, which may first wait for the server's calibration on a busy machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    /** A page that went away stops counting as connected within a few heartbeats. */
    private static final Duration PRESENCE_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern CONSOLE = Pattern.compile("/instructor/classes/([A-Z2-9]{6})$");

    @LocalServerPort
    int port;

    @Autowired
    Classes classes;

    Browser instructor;
    String code;

    @BeforeEach
    void openClass() throws Exception {
        instructor = Browser.instructor(port);
        HttpResponse<String> opened = instructor.post("/instructor/classes", Map.of("lessonId", "cores-and-threads"));
        assertThat(opened.statusCode()).isEqualTo(302);
        Matcher console = CONSOLE.matcher(opened.headers().firstValue("Location").orElseThrow());
        assertThat(console.find()).as("redirected to the class's console").isTrue();
        code = console.group(1);
    }

    @Test
    void anOpenedClassHasAJoinCodeOfUnambiguousCharactersAJoinUrlAndItsQrCode() throws Exception {
        assertThat(code).doesNotContain("0", "O", "1", "I");
        String joinUrl = "http://127.0.0.1:" + port + "/join/" + code;

        HttpResponse<String> console = instructor.get("/instructor/classes/" + code);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains(code).contains(joinUrl);
        HttpResponse<String> qr = instructor.get("/instructor/classes/" + code + "/qr.svg");
        assertThat(qr.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(decodeQr(qr.body())).isEqualTo(joinUrl);
    }

    @Test
    void aWrongAMalformedOrAnEndedCodeGetsAClearMessage() throws Exception {
        Browser student = new Browser(port);

        HttpResponse<String> wrong = student.post("/join", Map.of("code", "ZZZZZZ"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("There is no open class with the code ZZZZZZ");
        HttpResponse<String> malformed = student.post("/join", Map.of("code", "hello!"));
        assertThat(malformed.body()).contains("A join code has 6 letters and digits");
        assertThat(instructor.post("/instructor/classes/" + code + "/close", Map.of()).statusCode()).isEqualTo(302);
        HttpResponse<String> ended = student.post("/join", Map.of("code", code));
        assertThat(ended.statusCode()).isEqualTo(400);
        assertThat(ended.body()).contains("The class " + code + " has ended");
        assertThat(student.get("/join/" + code).body()).as("a stale QR code says so at once").contains("has ended");
    }

    @Test
    void aStudentJoinsByTypingTheCodeAndTheirNameIsShownEscaped() throws Exception {
        Browser student = new Browser(port);
        String typed = code.substring(0, 3).toLowerCase() + "-" + code.substring(3);

        HttpResponse<String> joined = student.post("/join", Map.of("code", typed, "displayName", "<b>Ada</b>"));

        assertThat(joined.statusCode()).isEqualTo(302);
        assertThat(joined.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/lessons/cores-and-threads"));
        assertThat(joined.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
                assertThat(c).startsWith(MemberCookie.NAME + "=").contains("HttpOnly").contains("SameSite=Lax"));
        String lessonPage = student.get("/lessons/cores-and-threads").body();
        assertThat(lessonPage).contains("id=\"class-bar\"").contains(code).contains("&lt;b&gt;Ada&lt;/b&gt;");
        String members = instructor.get("/instructor/classes/" + code + "/members").body();
        assertThat(members).contains("&lt;b&gt;Ada&lt;/b&gt;").doesNotContain("<b>Ada</b>");
    }

    @Test
    void aDisplayNameLongerThanTheBoundIsRefused() throws Exception {
        HttpResponse<String> refused = new Browser(port).post("/join", Map.of("code", code, "displayName", "x".repeat(41)));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("A display name has at most 40 characters.");
    }

    @Test
    void theInstructorSeesAStudentConnectedWhileTheirClassStreamIsOpen() throws Exception {
        Browser student = new Browser(port);
        student.post("/join", Map.of("code", code, "displayName", "Grace"));
        assertThat(members()).contains("1</span> joined").contains("0</span> connected");

        try (EventStream ignored = student.stream("/classes/" + code + "/events");
             EventStream instructorEvents = instructor.stream("/instructor/classes/" + code + "/events")) {
            assertThat(ignored.status).isEqualTo(200);
            assertThat(members()).contains("1</span> connected");
            ignored.close();
            awaitMembers(instructorEvents, "0</span> connected");
        }
    }

    @Test
    void onlyAMemberOfTheClassMayOpenItsStream() throws Exception {
        try (EventStream stranger = new Browser(port).stream("/classes/" + code + "/events")) {
            assertThat(stranger.status).isEqualTo(403);
        }
    }

    @Test
    void lockedKnobsReachEveryStudentsStreamAndUnlockingHandsThemBack() throws Exception {
        Browser ada = new Browser(port);
        Browser bob = new Browser(port);
        ada.post("/join", Map.of("code", code));
        bob.post("/join", Map.of("code", code));
        try (EventStream adaEvents = ada.stream("/classes/" + code + "/events");
             EventStream bobEvents = bob.stream("/classes/" + code + "/events")) {
            assertThat(adaEvents.await(ClassChannels.CLASS_EVENT, "\"locked\":false", EVENT_TIMEOUT))
                    .as("the class as it is, at once").isNotNull();

            HttpResponse<String> locked = instructor.post("/instructor/classes/" + code + "/settings",
                    Map.of("gil", "free-threaded", "switchInterval", "2.5"));
            assertThat(locked.statusCode()).isEqualTo(200);
            assertThat(locked.body()).contains("Locked:");

            for (EventStream events : new EventStream[] {adaEvents, bobEvents}) {
                assertThat(events.await(ClassChannels.CLASS_EVENT,
                        "\"locked\":true,\"gil\":\"free-threaded\",\"switchIntervalMs\":2.5", EVENT_TIMEOUT)).isNotNull();
            }
            instructor.post("/instructor/classes/" + code + "/settings/unlock", Map.of());
            assertThat(bobEvents.await(ClassChannels.CLASS_EVENT, "\"locked\":false,\"gil\":\"free-threaded\"",
                    EVENT_TIMEOUT)).isNotNull();
        }
    }

    @Test
    void aMembersRunUsesTheLockedKnobsWhateverTheirFormSent() throws Exception {
        Browser student = new Browser(port);
        student.post("/join", Map.of("code", code));
        instructor.post("/instructor/classes/" + code + "/settings", Map.of("gil", "per-interpreter", "switchInterval", "0.5"));

        String locked = runOf(student.post("/runs", Map.of("executor", "threads", "workers", "1",
                "programs", "cpu 1000", "gil", "gil", "switchInterval", "5", "lessonId", "cores-and-threads")));
        assertThat(scenarioOf(student, locked)).contains("\"gil\":\"per-interpreter\"").contains("\"switchIntervalMillis\":0.5");
        try (EventStream events = student.stream("/runs/" + locked + "/events")) {
            // One run at a time per student: the next press waits for this one to end (a busy machine may take a while).
            assertThat(events.await("state", "\"done\"", RUN_TIMEOUT)).as("the first run ends").isNotNull();
        }

        instructor.post("/instructor/classes/" + code + "/settings/unlock", Map.of());
        String free = runOf(student.post("/runs", Map.of("executor", "threads", "workers", "1",
                "programs", "cpu 1000", "gil", "gil", "switchInterval", "5")));
        assertThat(scenarioOf(student, free)).as("unlocked, the student's own knobs")
                .contains("\"gil\":\"gil\"").contains("\"switchIntervalMillis\":5.0");
    }

    @Test
    void aPresentedRunReachesEveryStudentsStreamWithTheClassKnobs() throws Exception {
        Browser student = new Browser(port);
        student.post("/join", Map.of("code", code));
        instructor.post("/instructor/classes/" + code + "/settings", Map.of("gil", "free-threaded", "switchInterval", "5"));
        try (EventStream events = student.stream("/classes/" + code + "/events")) {
            HttpResponse<String> presented = instructor.post("/instructor/classes/" + code + "/present",
                    Map.of("preset", "0"));
            assertThat(presented.statusCode()).isEqualTo(200);
            String runId = runOf(presented);

            assertThat(events.await(ClassChannels.CLASS_EVENT, "\"presentedRunId\":\"" + runId + "\"", EVENT_TIMEOUT))
                    .isNotNull();
            assertThat(scenarioOf(student, runId)).contains("\"gil\":\"free-threaded\"");
            instructor.post("/instructor/classes/" + code + "/present/stop", Map.of());
            assertThat(events.await(ClassChannels.CLASS_EVENT, "\"presentedRunId\":null", EVENT_TIMEOUT)).isNotNull();
        }
    }

    @Test
    void aStudentCannotLockTheKnobsNorPresentNorSeeTheConsole() throws Exception {
        Browser student = new Browser(port);
        student.post("/join", Map.of("code", code));

        assertThat(student.post("/instructor/classes/" + code + "/settings",
                Map.of("gil", "free-threaded", "switchInterval", "5")).statusCode()).isNotEqualTo(200);
        assertThat(student.post("/instructor/classes/" + code + "/present", Map.of("preset", "0")).statusCode())
                .isNotEqualTo(200);
        assertThat(student.get("/instructor/classes/" + code).statusCode()).isNotEqualTo(200);
        Classroom unchanged = classes.findOpen(code).orElseThrow();
        assertThat(unchanged.settings().locked()).isFalse();
        assertThat(unchanged.presentedRunId()).isNull();
    }

    @Test
    void knobsOutsideTheirBoundsAreRefusedWithAMessage() throws Exception {
        HttpResponse<String> refused = instructor.post("/instructor/classes/" + code + "/settings",
                Map.of("gil", "no-gil", "switchInterval", "1000"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Choose gil, free-threaded or per-interpreter.")
                .contains("Enter a switch interval in milliseconds from 0.1 to 100.0.");
    }

    /** The id of the run whose status a response shows. */
    private static String runOf(HttpResponse<String> status) {
        Matcher id = Pattern.compile("data-run-id=\"([^\"]+)\"").matcher(status.body());
        assertThat(id.find()).as("a run status: " + status.body()).isTrue();
        return id.group(1);
    }

    /** The scenario part of a run's JSON export: what it really ran with. */
    private static String scenarioOf(Browser browser, String runId) throws Exception {
        String export = browser.get("/runs/" + runId + "/export.json").body();
        return export.substring(export.indexOf("\"scenario\":"));
    }

    private String members() throws Exception {
        return instructor.get("/instructor/classes/" + code + "/members").body();
    }

    /** Asks for the members again at every nudge of the instructor's stream, as the page does, until they match. */
    private void awaitMembers(EventStream instructorEvents, String text) throws Exception {
        long deadline = System.nanoTime() + PRESENCE_TIMEOUT.toNanos();
        String last = members();
        while (!last.contains(text)) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            assertThat(left.isNegative() ? null : instructorEvents.await(ClassChannels.MEMBERS_EVENT, "", left))
                    .as("a members event within " + PRESENCE_TIMEOUT + "; members now: " + last).isNotNull();
            last = members();
        }
    }

    /** Draws the SVG's modules into pixels and reads them back with ZXing's decoder. */
    static String decodeQr(String svg) throws Exception {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertThat(box.find()).isTrue();
        int size = Integer.parseInt(box.group(1));
        int scale = 4;
        int[] pixels = new int[size * scale * size * scale];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z").matcher(svg);
        while (run.find()) {
            int x0 = Integer.parseInt(run.group(1)), y = Integer.parseInt(run.group(2)), w = Integer.parseInt(run.group(3));
            for (int x = x0; x < x0 + w; x++) {
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        pixels[(y * scale + dy) * size * scale + x * scale + dx] = 0xFF000000;
                    }
                }
            }
        }
        RGBLuminanceSource source = new RGBLuminanceSource(size * scale, size * scale, pixels);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
