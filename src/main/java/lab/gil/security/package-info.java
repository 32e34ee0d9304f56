/**
 * Who may do what: instructors sign in, students never need an account; CSRF for every change (htmx included),
 * security headers, and the sign-in page.
 */
package lab.gil.security;
