package lab.gil.lesson;

/** Lesson file texts for tests: one good lesson, and ways to vary it. */
final class LessonFiles {

    private LessonFiles() {}

    static final String GOOD_FRONT_MATTER = """
            id: cores-and-threads
            title: Cores and threads
            order: 1
            concepts: [core, process, thread]
            prediction:
              question: "How long do two threads take?"
              choices: ["About half the time", "About the same time", "Longer"]
            presets:
              - name: One thread
                description: The whole countdown on one thread.
                scenario:
                  executor: threads
                  workers: 1
                  programs: "cpu 20000000"
                  split: true
                  gil: free-threaded
                  switchInterval: 5
              - name: Two threads
                scenario:
                  executor: threads
                  workers: 2
                  switchInterval: 0.5
            explanation: |
              Both cores were **busy**.
            python: |
              print("hello")
            """;

    static final String GOOD_BODY = """
            ## A core

            A core runs one thread at a time.

            ```python
            n -= 1
            ```
            """;

    static String good() {
        return lesson(GOOD_FRONT_MATTER, GOOD_BODY);
    }

    static String lesson(String frontMatter, String body) {
        return "---\n" + frontMatter + "---\n" + body;
    }

    /** The good lesson with its id and order changed. */
    static String withIdAndOrder(String id, int order) {
        return good().replace("id: cores-and-threads", "id: " + id).replace("order: 1", "order: " + order);
    }

    /** The good lesson with one line of its front matter replaced. */
    static String replacing(String line, String replacement) {
        if (!GOOD_FRONT_MATTER.contains(line)) {
            throw new IllegalArgumentException("not in the good lesson: " + line);
        }
        return lesson(GOOD_FRONT_MATTER.replace(line, replacement), GOOD_BODY);
    }
}
