// The instructor's console of a class: the list of students refreshes itself whenever the page's stream says who
// is in the class, or connected, changed.
import { pageStream } from './page-stream.js';

pageStream.on('members', () => document.body.dispatchEvent(new CustomEvent('members-changed')));
