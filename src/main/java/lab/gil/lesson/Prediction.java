package lab.gil.lesson;

import java.util.List;

/** The question a student answers before running a lesson's scenario, with the answers to choose from. */
public record Prediction(String question, List<String> choices) {

    public Prediction {
        choices = List.copyOf(choices);
    }
}
