// A class's poll on a page: the page's stream says when the poll changed, and htmx asks for the fragment again.
// On a student's page the stream tells only of a reveal or a new round (never the votes); on the instructor's
// page it also tells of every prediction, so the histogram is live. The boxes stay on the page while the
// fragments inside them are swapped.
import { pageStream } from './page-stream.js';

/**
/**
 * Keeps the checked choice the one the poll holds: a choice the poll refused (the round was revealed meanwhile) is
 * unchecked again, so that the run form never sends a prediction the poll does not have.
 */
function checkThePollsChoice(receipt) {
  const held = receipt.dataset.choice ?? '';
  for (const radio of document.querySelectorAll('input[name="prediction"]')) radio.checked = radio.value === held;
}

/**
 * A revealed round takes no new prediction: its choices stay as they are, the student's checked, until a second
 * vote opens.
 */
function closeTheChoices(closed) {
  for (const radio of document.querySelectorAll('input[name="prediction"]')) radio.disabled = closed;
}

/**
 * The student's side: show the class's predictions once revealed; clear the choice when a second vote opens.
 * Each event is the poll's whole state; a stream that came back sends the last one again, which changes nothing.
 */
function followAsStudent(box) {
  closeTheChoices(box.dataset.revealed === 'true');
  document.body.addEventListener('htmx:afterSwap', (event) => {
    if (event.detail.target?.id === 'prediction-receipt') {
      const receipt = document.getElementById('prediction-receipt');
      if (receipt) checkThePollsChoice(receipt);
    }
  });
  let round = Number(box.dataset.round) || 0;
  // What the page shows: revealed as rendered, beside which measured answers (the runs', CPython's) once an event
  // said so.
  let revealed = box.dataset.revealed === 'true';
  let answers;
  pageStream.on('poll-revealed', (state) => {
    if (state.round < round) return;
    if (state.round > round) {
      // A second vote: nobody has predicted in it yet, so neither has this student (and their answer says so).
      round = state.round;
      revealed = false;
      answers = undefined;
      const receipt = document.getElementById('prediction-receipt');
      if (receipt) {
        receipt.replaceChildren();
        receipt.dataset.choice = '';
        checkThePollsChoice(receipt);
      } else {
        for (const radio of document.querySelectorAll('input[name="prediction"]')) radio.checked = false;
      }
      const shown = document.getElementById('class-poll-result');
      if (shown) shown.hidden = true;
      document.body.dispatchEvent(new CustomEvent('prediction-changed'));
    }
    closeTheChoices(state.revealed);
    // Revealed again with newer runs or newer figures of CPython's: a measured answer changed.
    const stateAnswers = JSON.stringify([state.measured, state.cpython]);
    const again = revealed && answers !== undefined && stateAnswers !== answers;
    if (state.revealed && (!revealed || again)) document.body.dispatchEvent(new CustomEvent('poll-revealed'));
    revealed = state.revealed;
    answers = stateAnswers;
  });
}

/** The instructor's side: every prediction, reveal and reset asks for the histogram again. */
function followAsInstructor() {
  pageStream.on('poll-changed', () => document.body.dispatchEvent(new CustomEvent('poll-changed')));
}

const studentBox = document.getElementById('class-poll-box');
if (studentBox) followAsStudent(studentBox);
const instructorBox = document.getElementById('instructor-poll-box');
if (instructorBox) followAsInstructor();
