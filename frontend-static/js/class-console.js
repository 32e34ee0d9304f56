// The instructor's console of a class: the list of students refreshes itself whenever the class's instructor
// stream says who is in the class, or connected, changed.
import { openStream } from './stream.js';

const console_ = document.getElementById('console');
openStream(console_.dataset.events, {
  members: () => document.body.dispatchEvent(new CustomEvent('members-changed')),
}, console_, { resumable: false });
