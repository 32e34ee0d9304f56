package lab.gil.answer.page;

import lab.gil.answer.RunFigures;
import lab.gil.run.web.RunView;

/**
 * One run a student made on a lesson's page, with the lesson's preset it ran.
 *
 * @param preset  the name of the preset whose knobs it ran unchanged; null when the knobs were the student's own
 * @param figures what it measured, as an answer reads it
 */
public record LessonRun(RunView view, String preset, RunFigures figures) {}
