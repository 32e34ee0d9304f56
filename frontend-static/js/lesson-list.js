// The lesson list: marks the lessons this browser has answered, and how the measurement met the prediction.
import { answers, OUTCOME_WORDS } from './answer-progress.js';

const answered = answers();
for (const item of document.querySelectorAll('li[data-lesson-id]')) {
  const answer = answered[item.dataset.lessonId];
  const badge = item.querySelector('.lesson-progress');
  if (!answer || !badge || !OUTCOME_WORDS[answer.outcome]) continue;
  badge.textContent = OUTCOME_WORDS[answer.outcome];
  badge.dataset.outcome = answer.outcome;
  if (answer.choice) badge.title = `Your runs supported: ${answer.choice}`;
  badge.hidden = false;
}
