package lab.gil.interpreter;

import java.util.List;

/**
 * What copying an object of some size to or from another process costs, from the sizes it was measured at: straight
 * lines between them, from nothing at zero bytes, and the last line's slope beyond the largest.
 *
 * <p>Why a few sizes rather than a cost per MiB: CPython's cost per MiB changes with the size (a fixed part weighs
 * on small copies; beyond 32 MiB glibc maps every object afresh), and a line through two small sizes charged a
 * 100 MB copy 0.42 of what CPython took on this project's 2-core VM.
 *
 * @param points the sizes measured and their costs, by rising size; none when nothing is charged
 */
public record CopyCost(List<Point> points) {

    /** Nothing charged. */
    public static final CopyCost NONE = new CopyCost(List.of());

    private static final double MIB = 1024.0 * 1024;

    /** Copying {@code bytes} costs {@code nanos}. */
    public record Point(long bytes, long nanos) {
        public Point {
            if (bytes <= 0 || nanos < 0) {
                throw new IllegalArgumentException("a copy cost needs a size above 0 and a cost of 0 or more: "
                        + bytes + " B, " + nanos + " ns");
            }
        }

        /** Copying {@code mib} MiB costs {@code millis}. */
        public static Point ofMiB(int mib, double millis) {
            return new Point((long) mib << 20, Math.max(0, Math.round(millis * 1e6)));
        }
    }

    public CopyCost {
        points = List.copyOf(points);
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).bytes() <= points.get(i - 1).bytes()) {
                throw new IllegalArgumentException("a copy cost's sizes must rise: " + points);
            }
        }
    }

    /** A cost of {@code fixedMillis} per object and {@code millisPerMiB} per MiB, given at 1 and {@code upToMiB}. */
    public static CopyCost linear(double fixedMillis, double millisPerMiB, int upToMiB) {
        return new CopyCost(List.of(Point.ofMiB(1, fixedMillis + millisPerMiB),
                Point.ofMiB(upToMiB, fixedMillis + millisPerMiB * upToMiB)));
    }

    /** What copying {@code bytes} costs, in nanoseconds; 0 for nothing copied. */
    public long nanos(long bytes) {
        if (bytes <= 0 || points.isEmpty()) {
            return 0;
        }
        Point first = points.getFirst();
        if (points.size() == 1 || bytes <= first.bytes()) {
            return Math.round((double) first.nanos() * bytes / first.bytes());
        }
        int i = 1;
        while (i < points.size() - 1 && bytes > points.get(i).bytes()) {
            i++;
        }
        Point a = points.get(i - 1);
        Point b = points.get(i);
        double slope = (double) (b.nanos() - a.nanos()) / (b.bytes() - a.bytes());
        return Math.max(0, Math.round(a.nanos() + slope * (bytes - a.bytes())));
    }

    /** What copying {@code bytes} costs, in milliseconds. */
    public double millis(long bytes) {
        return nanos(bytes) / 1e6;
    }

    /** What copying {@code mib} MiB costs, in milliseconds. */
    public double millisAtMiB(int mib) {
        return millis((long) mib << 20);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Point p : points) {
            s.append(s.isEmpty() ? "" : ", ").append(String.format("%.0f MiB %.1f ms", p.bytes() / MIB, p.nanos() / 1e6));
        }
        return s.isEmpty() ? "nothing" : s.toString();
    }
}
