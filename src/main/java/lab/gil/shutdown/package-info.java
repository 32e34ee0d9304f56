/**
 * Stopping a server quickly without losing anything: the order in which a server that got SIGTERM stops taking
 * runs, lets its running run finish, tells every page that it is going away, and hands over to the web server's
 * own graceful shutdown.
 */
package lab.gil.shutdown;
