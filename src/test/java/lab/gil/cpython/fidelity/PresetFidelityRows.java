package lab.gil.cpython.fidelity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.gil.cluster.GilLabServer;
import lab.gil.security.PageSession;

/**
 * The instructor's fidelity table, as a self-hoster's server measures it: the packaged jar is started alone, an
 * instructor presses "Re-measure" on {@code /instructor/fidelity}, and once the check is over the table is read from
 * the page's own CSV export ({@link FidelityReport#csv}) and printed aligned, as {@link FidelityReport#text} prints
 * it, with the lessons whose answer differs between the engines.
 *
 * <p>Run: {@code ./mvnw -q package -DskipTests && ./mvnw -q test-compile exec:exec@preset-fidelity-bench}. Every
 * preset of every lesson runs once in each engine, one run at a time: about ten minutes on a quiet 2-core machine.
 */
public final class PresetFidelityRows {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALIBRATION_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(40);
    private static final Pattern RUNNING = Pattern.compile("data-running=\"(true|false)\"");
    private static final Pattern DONE = Pattern.compile("data-done=\"([0-9]+)\"");
    private static final Pattern TOTAL = Pattern.compile("data-total=\"([0-9]+)\"");

    private PresetFidelityRows() {}

    public static void main(String[] args) throws Exception {
        System.out.printf("GIL Lab's fidelity table on the packaged jar (%s), %d cores, load average %.1f%n",
                GilLabServer.jar(), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (GilLabServer server = GilLabServer.startAlone("preset-fidelity", GilLabServer.freePort(), List.of(),
                Map.of())) {
            PageSession instructor = new PageSession(server.url(""), REQUEST_TIMEOUT).signInAsInstructor();
            awaitCalibration(instructor);
            long start = System.nanoTime();
            int status = instructor.post("/instructor/fidelity/check", "").statusCode();
            if (status != 200) {
                throw new IllegalStateException("Re-measure answered " + status);
            }
            int lastDone = -1;
            long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
            while (true) {
                String progress = instructor.get("/instructor/fidelity/progress").body();
                int done = figure(DONE, progress);
                if (done != lastDone) {
                    System.out.printf("  %3d of %d runs after %.0f s%n", done, figure(TOTAL, progress),
                            (System.nanoTime() - start) / 1e9);
                    lastDone = done;
                }
                if (!matched(RUNNING, progress).equals("true")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the check did not end within " + CHECK_TIMEOUT);
                }
                Thread.sleep(1000); // as the page polls it
            }
            System.out.printf("Checked in %.0f s%n%n", (System.nanoTime() - start) / 1e9);
            System.out.println(aligned(instructor.get("/instructor/fidelity.csv").body()));
            Matcher summary = Pattern.compile("(?s)<p class=\"fidelity-summary\">.*?</p>")
                    .matcher(instructor.get("/instructor/fidelity/table").body());
            if (summary.find()) {
                System.out.println(summary.group().replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip());
            }
        }
    }

    /** Waits until the server has measured its machine: its runs wait for that, and the check's with them. */
    private static void awaitCalibration(PageSession session) throws Exception {
        long deadline = System.nanoTime() + CALIBRATION_TIMEOUT.toNanos();
        while (!session.get("/lessons/cores-and-threads").body().contains("id=\"machine-costs\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not finish measuring within " + CALIBRATION_TIMEOUT);
            }
            Thread.sleep(500); // the calibration says nothing else when it is done
        }
    }

    /** The export's columns a reader compares, aligned: lesson, preset, figure, both figures, ratio, flags. */
    private static String aligned(String csv) {
        List<String[]> rows = new ArrayList<>();
        for (String line : csv.split("\r\n")) {
            List<String> cells = cells(line);
            if (cells.size() < 12) {
                continue;
            }
            rows.add(new String[] {cells.get(0), cells.get(1), cells.get(2) + (cells.get(3).equals("yes") ? " *" : ""),
                    cells.get(4), cells.get(5), cells.get(6), cells.get(7).equals("yes") ? ">10%" : cells.get(7),
                    (cells.get(9) + " " + cells.get(11)).strip()});
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                text.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    /** One CSV line's cells (RFC 4180 quoting), with the export's defusing quote taken off a text cell. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.stream().map(s -> s.startsWith("'") ? s.substring(1) : s).toList();
    }

    private static int figure(Pattern pattern, String html) {
        String found = matched(pattern, html);
        return found.isEmpty() ? 0 : Integer.parseInt(found);
    }

    private static String matched(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        return m.find() ? m.group(1) : "";
    }
}
