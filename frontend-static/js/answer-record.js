// The lesson page: whenever the lesson's answer is shown, remember it for the lesson list.
import { recordAnswer } from './answer-progress.js';

document.body.addEventListener('htmx:afterSettle', () => {
  const answer = document.getElementById('lesson-answer');
  if (answer) recordAnswer(answer.dataset);
});
