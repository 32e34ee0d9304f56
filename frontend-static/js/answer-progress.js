// Which lessons this browser has answered, and whether the measurement agreed with the prediction: kept in
// localStorage, so it survives visits. One entry per lesson id; the newest answer wins.
const KEY = 'gil-lab.answers';

/** Every answered lesson: { [lessonId]: { outcome, prediction, choice, at } }. */
export function answers() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) ?? {};
  } catch {
    return {}; // storage disabled or a value from an older page: start afresh
  }
}

/** Remembers the answer a lesson page just showed; an answer still open is not an answer. */
export function recordAnswer({ lessonId, outcome, prediction, choice }) {
  if (!lessonId || !outcome || outcome === 'open') return;
  const all = answers();
  all[lessonId] = { outcome, prediction: prediction || null, choice: choice || null, at: Date.now() };
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // private browsing or a full storage: the page works, only the list forgets
  }
}

/** The words a lesson list shows for an outcome; never told by colour alone. */
export const OUTCOME_WORDS = {
  agreed: 'answered: as you predicted',
  disagreed: 'answered: not what you predicted',
  answered: 'answered',
  uncovered: 'measured: between the choices',
};
