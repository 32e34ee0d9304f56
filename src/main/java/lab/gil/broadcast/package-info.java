/**
 * Messages every server of a class hears. {@link lab.gil.broadcast.LocalBroadcasts} serves one server; a shared
 * engine serves several.
 */
package lab.gil.broadcast;
