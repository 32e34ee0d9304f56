package lab.gil.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The requests a page made, as Chromium's own network log tells them (its DevTools {@code Network} events, read
 * through chromedriver's performance log): what the browser really sent, event streams included, whichever script
 * or swap sent it. Needs a browser from {@link Browser#startWithNetworkLog}.
 */
final class NetworkLog {

    /** One request: Chromium's id, method, URL, resource type ("EventSource", "Fetch", "XHR", "Document"...). */
    record Request(String id, String method, String url, String type) {

        boolean isEventStream() {
            return "EventSource".equals(type);
        }

        @Override
        public String toString() {
            return method + " " + url + " (" + type + ")";
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChromeDriver driver;
    /** Every request seen so far, by Chromium's id, in the order sent. */
    private final Map<String, Request> requests = new LinkedHashMap<>();
    /** Ids of the requests whose response has ended (loaded, failed or cancelled). */
    private final java.util.Set<String> ended = new java.util.HashSet<>();

    NetworkLog(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Reads what the browser logged since the last read: the log is drained as it is read, so it is kept here. */
    private void read() {
        for (LogEntry entry : driver.manage().logs().get("performance")) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            String id = params.path("requestId").asString("");
            switch (message.path("method").asString("")) {
                // A redirect is sent again with the same id: one request.
                case "Network.requestWillBeSent" -> requests.putIfAbsent(id, new Request(id,
                        params.path("request").path("method").asString(""), params.path("request").path("url").asString(""),
                        params.path("type").asString("")));
                case "Network.loadingFinished", "Network.loadingFailed" -> ended.add(id);
                default -> { }
            }
        }
    }

    /** How many requests were sent so far: a mark for {@link #since}. */
    int mark() {
        read();
        return requests.size();
    }

    /** The requests sent after {@code mark}, in order. */
    List<Request> since(int mark) {
        read();
        List<Request> all = new ArrayList<>(requests.values());
        return all.subList(mark, all.size());
    }

    /** The event streams open now: sent, and not ended. */
    List<Request> openEventStreams() {
        read();
        return requests.values().stream().filter(Request::isEventStream).filter(r -> !ended.contains(r.id())).toList();
    }

    /** Waits until every request but the event streams has its answer, so that nothing counted is still to come. */
    void awaitQuiet(Duration timeout) {
        BrowserWait.upTo(driver, timeout).until(d -> {
            read();
            return requests.values().stream().filter(r -> !r.isEventStream()).allMatch(r -> ended.contains(r.id()));
        });
    }
}
