package lab.gil.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order in which waiting runs start: an instructor's runs first, in arrival order; then the groups (each class,
 * each lone session) take turns round-robin, one run per turn, each group's runs in arrival order. A group that
 * starts waiting joins the end of the round.
 *
 * <p>Invariant: {@link #position} of every waiting item is exactly the place it will start at if no other item
 * arrives or leaves; taking the next item moves every other item one place forward. Not thread-safe: its owner
 * calls it only while holding its own lock.
 *
 * @param <T> what waits: a run; compared by identity
 */
final class FairQueue<T> {

    /** An instructor's waiting items, oldest first. */
    private final ArrayDeque<T> first = new ArrayDeque<>();
    /** Each waiting group's items, oldest first; the map's order is the round, whose turn it is first. */
    private final LinkedHashMap<String, ArrayDeque<T>> groups = new LinkedHashMap<>();
    /** The group of each waiting item; instructor items have none. */
    private final Map<T, String> groupOf = new java.util.IdentityHashMap<>();
    private int size;

    void add(T item, Submitter by) {
        if (by.instructor()) {
            first.addLast(item);
        } else {
            groups.computeIfAbsent(by.group(), g -> new ArrayDeque<>()).addLast(item);
            groupOf.put(item, by.group());
        }
        size++;
    }

    /** The item whose turn it is; its group, if it has more, goes to the end of the round. */
    Optional<T> takeNext() {
        if (!first.isEmpty()) {
            size--;
            return Optional.of(first.removeFirst());
        }
        Iterator<Map.Entry<String, ArrayDeque<T>>> round = groups.entrySet().iterator();
        if (!round.hasNext()) {
            return Optional.empty();
        }
        Map.Entry<String, ArrayDeque<T>> turn = round.next();
        round.remove();
        T item = turn.getValue().removeFirst();
        if (!turn.getValue().isEmpty()) {
            groups.put(turn.getKey(), turn.getValue());
        }
        groupOf.remove(item);
        size--;
        return Optional.of(item);
    }

    /** Takes a waiting item out of the queue; false when it was not waiting. */
    boolean remove(T item) {
        if (removeByIdentity(first, item)) {
            size--;
            return true;
        }
        String group = groupOf.remove(item);
        if (group == null) {
            return false;
        }
        ArrayDeque<T> items = groups.get(group);
        removeByIdentity(items, item);
        if (items.isEmpty()) {
            groups.remove(group);
        }
        size--;
        return true;
    }

    /** Puts {@code replacement} in the place of the waiting {@code item}; false when {@code item} was not waiting. */
    boolean replace(T item, T replacement) {
        if (replaceByIdentity(first, item, replacement)) {
            return true;
        }
        String group = groupOf.remove(item);
        if (group == null) {
            return false;
        }
        replaceByIdentity(groups.get(group), item, replacement);
        groupOf.put(replacement, group);
        return true;
    }

    /**
     * The item's place in the starting order, 1 for next; 0 when it is not waiting. The k-th item of a group (k from
     * 0) starts in round k: after every instructor item, after the items of rounds before k, and after the k-th item
     * of each group ahead of its own in the round.
     */
    int position(T item) {
        int k = indexOf(first, item);
        if (k >= 0) {
            return k + 1;
        }
        String group = groupOf.get(item);
        if (group == null) {
            return 0;
        }
        k = indexOf(groups.get(group), item);
        int ahead = first.size();
        boolean beforeOwnGroup = true;
        for (Map.Entry<String, ArrayDeque<T>> g : groups.entrySet()) {
            if (g.getKey().equals(group)) {
                beforeOwnGroup = false;
            }
            int waiting = g.getValue().size();
            ahead += Math.min(waiting, k) + (beforeOwnGroup && waiting > k ? 1 : 0);
        }
        return ahead + 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Every waiting item, in no particular order. */
    List<T> items() {
        List<T> all = new ArrayList<>(first);
        groups.values().forEach(all::addAll);
        return all;
    }

    private static <T> int indexOf(ArrayDeque<T> items, T item) {
        int i = 0;
        for (T t : items) {
            if (t == item) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static <T> boolean removeByIdentity(ArrayDeque<T> items, T item) {
        return items.removeIf(t -> t == item);
    }

    private static <T> boolean replaceByIdentity(ArrayDeque<T> items, T item, T replacement) {
        int i = indexOf(items, item);
        if (i < 0) {
            return false;
        }
        // ArrayDeque has no set(i): rebuild it in place, a few dozen items at most.
        List<T> copy = new ArrayList<>(items);
        copy.set(i, replacement);
        items.clear();
        items.addAll(copy);
        return true;
    }
}
