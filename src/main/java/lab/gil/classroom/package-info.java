/**
 * A class, live: an instructor opens a class for a lesson, students join it by a short code (typed or scanned from
 * a QR code), the instructor sees who is connected, locks the GIL knobs for everyone and presents one run that
 * every student page follows. Classes, members and settings live in the database, so a restart loses nothing;
 * changes reach pages through {@link lab.gil.broadcast.Broadcasts} and an SSE stream per class.
 */
package lab.gil.classroom;
