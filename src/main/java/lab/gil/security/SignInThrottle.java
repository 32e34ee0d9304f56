package lab.gil.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts failed sign-ins per client address and per username, and refuses any sign-in (even with the right password)
 * from an address or for a username that failed {@link #MAX_FAILURES} times within the last {@link #WINDOW}, until the
 * oldest of those failures is a window old.
 *
 * <p>Invariant: at most {@link #MAX_KEYS} addresses and usernames are remembered, each with at most
 * {@link #MAX_FAILURES} failure times; when full, the key used least recently is forgotten first. Every access holds
 * the object's monitor.
 */
final class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Enough for a conference's worth of addresses; bounded so that a flood of made-up names cannot fill the heap. */
    static final int MAX_KEYS = 10_000;
    /** Usernames are counted by their first characters only: a megabyte-long name costs no more than a short one. */
    static final int KEY_LENGTH = 100;

    private final Clock clock;
    /** Failure times per "a:" address and "u:" username, oldest first; access order for eviction. Guarded by this. */
    private final Map<String, ArrayDeque<Instant>> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Instant>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long a sign-in from {@code address} as {@code username} must wait; zero when it may try now. */
    synchronized Duration waitBefore(String address, String username) {
        Instant now = clock.instant();
        Duration byAddress = waitFor(addressKey(address), now);
        Duration byUsername = waitFor(userKey(username), now);
        return byAddress.compareTo(byUsername) >= 0 ? byAddress : byUsername;
    }

    synchronized void failed(String address, String username) {
        Instant now = clock.instant();
        record(addressKey(address), now);
        record(userKey(username), now);
    }

    /** A right password forgets the failures of that address and that username. */
    synchronized void succeeded(String address, String username) {
        failures.remove(addressKey(address));
        failures.remove(userKey(username));
    }

    /** How many addresses and usernames are remembered. */
    synchronized int size() {
        return failures.size();
    }

    /** Call only while holding this object's monitor. */
    private Duration waitFor(String key, Instant now) {
        ArrayDeque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        forgetOld(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
            return Duration.ZERO;
        }
        if (times.size() < MAX_FAILURES) {
            return Duration.ZERO;
        }
        return Duration.between(now, times.peekFirst().plus(WINDOW));
    }

    /** Call only while holding this object's monitor. */
    private void record(String key, Instant now) {
        ArrayDeque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>(MAX_FAILURES));
        forgetOld(times, now);
        if (times.size() == MAX_FAILURES) {
            times.removeFirst();
        }
        times.addLast(now);
    }

    private static void forgetOld(ArrayDeque<Instant> times, Instant now) {
        Instant horizon = now.minus(WINDOW);
        for (Iterator<Instant> it = times.iterator(); it.hasNext(); ) {
            if (it.next().isAfter(horizon)) {
                break;
            }
            it.remove();
        }
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }

    private static String userKey(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return "u:" + (name.length() > KEY_LENGTH ? name.substring(0, KEY_LENGTH) : name);
    }
}
