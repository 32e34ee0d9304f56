// A class's poll on a page: the page's stream says when the poll changed, and htmx asks for the fragment again.
// On a student's page the stream tells only of a reveal or a new round (never the votes); on the instructor's
// page it also tells of every prediction, so the histogram is live. The boxes stay on the page while the
// fragments inside them are swapped.
import { pageStream } from './page-stream.js';

/**
 * The student's side: show the class's predictions once revealed; clear the choice when a second vote opens.
 * Each event is the poll's whole state; a stream that came back sends the last one again, which changes nothing.
 */
function followAsStudent(box) {
  let round = Number(box.dataset.round) || 0;
  // What the page shows: revealed as rendered, beside which measured answer once an event said so.
  let revealed = box.dataset.revealed === 'true';
  let measured;
  pageStream.on('poll-revealed', (state) => {
    if (state.round < round) return;
    if (state.round > round) {
      round = state.round;
      revealed = false;
      measured = undefined;
      for (const radio of document.querySelectorAll('input[name="prediction"]')) radio.checked = false;
      const receipt = document.getElementById('prediction-receipt');
      if (receipt) receipt.replaceChildren();
      const shown = document.getElementById('class-poll-result');
      if (shown) shown.hidden = true;
    }
    // Revealed again with newer runs: the measured answer changed.
    const again = revealed && measured !== undefined && state.measured !== measured;
    if (state.revealed && (!revealed || again)) document.body.dispatchEvent(new CustomEvent('poll-revealed'));
    revealed = state.revealed;
    measured = state.measured;
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
