/**
 * Finished runs kept in the database ({@code finished_runs}): what lets any server, and a restarted one, show a run
 * another server executed, with its figures, lanes and exports.
 */
package lab.gil.run.archive;
