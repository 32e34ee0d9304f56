/**
 * How a lesson's prediction question is answered by measurement: which presets' runs the answer needs, which
 * figure of them answers it, and under which condition on that figure each choice is supported.
 *
 * <p>Pure rules, no Spring and no run engine: a rule reads {@link lab.gil.answer.RunFigures} (what one finished
 * run measured) and returns a {@link lab.gil.answer.Verdict}. Lessons declare their rule in their front matter;
 * the page that shows the verdict lives in {@code lab.gil.answer.page}.
 */
package lab.gil.answer;
