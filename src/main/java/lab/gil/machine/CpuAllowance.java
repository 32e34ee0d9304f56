package lab.gil.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * The CPUs this server may use, as the operating system allows them, not as the kernel lists them: the cores of
 * its CPU affinity ({@code taskset}, a cloud VM's or a container's {@code cpuset}) and its cgroup CPU quota
 * ({@code docker run --cpus=1}), which the JVM folds into {@link Runtime#availableProcessors()}.
 *
 * <p>Read from Linux's files; elsewhere only {@code availableProcessors()} is known, and every core counts as the
 * server's own.
 *
 * @param usableCores the cores' worth of CPU time the server may use at once: {@code availableProcessors()}, which
 *                    is the affinity's cores, lowered to the quota rounded up
 * @param ownCoreIds  the ids of the cores the affinity allows (as {@code /proc/stat} numbers them); empty when not
 *                    known, and then every core is the server's
 * @param quotaCores  the cgroup quota in cores (1.5 for {@code --cpus=1.5}); empty when there is none
 */
public record CpuAllowance(int usableCores, List<Integer> ownCoreIds, OptionalDouble quotaCores) {

    public CpuAllowance {
        ownCoreIds = List.copyOf(new TreeSet<>(ownCoreIds));
        if (usableCores < 1) {
            throw new IllegalArgumentException("a server may use at least one core, not " + usableCores);
        }
    }

    /** This JVM's allowance, read from {@code /proc} and {@code /sys/fs/cgroup}. */
    public static CpuAllowance ofThisProcess() {
        return read(Runtime.getRuntime().availableProcessors(), Path.of("/proc/self/status"),
                Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
    }

    /**
     * The allowance from these files: {@code status} for {@code Cpus_allowed_list}, {@code cgroupFile} for the
     * process's cgroup paths, {@code cgroupRoot} where the cgroup file systems are mounted. A file that is missing
     * or unreadable tells nothing, never an error.
     */
    static CpuAllowance read(int availableProcessors, Path status, Path cgroupFile, Path cgroupRoot) {
        return new CpuAllowance(availableProcessors, affinity(status), quota(cgroupFile, cgroupRoot));
    }

    /** Whether the core with this id (as the kernel lists it) is one this server may run on. */
    public boolean owns(int coreId) {
        return ownCoreIds.isEmpty() || ownCoreIds.contains(coreId);
    }

    /** {@code Cpus_allowed_list: 0-1,4} as core ids; empty when unknown. */
    static List<Integer> affinity(Path status) {
        return lines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst()
                .map(l -> parseCpuList(l.substring(l.indexOf(':') + 1))).orElse(List.of());
    }

    /** A kernel CPU list such as {@code 0-3,8,10-11}; empty when malformed. */
    static List<Integer> parseCpuList(String list) {
        List<Integer> ids = new ArrayList<>();
        try {
            for (String part : list.strip().split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String[] range = part.strip().split("-");
                int from = Integer.parseInt(range[0].strip());
                int to = range.length > 1 ? Integer.parseInt(range[1].strip()) : from;
                for (int id = from; id <= to && ids.size() <= 65_536; id++) {
                    ids.add(id);
                }
            }
        } catch (NumberFormatException e) {
            return List.of();
        }
        return ids;
    }

    /**
     * The tightest CPU quota on the way from the process's cgroup up to the root, in cores: cgroup v2's
     * {@code cpu.max} ("max 100000" is none, "150000 100000" 1.5 cores) or v1's {@code cpu.cfs_quota_us} over
     * {@code cpu.cfs_period_us} (-1 is none). Inside a container the process's own cgroup is the mount's root.
     */
    static OptionalDouble quota(Path cgroupFile, Path cgroupRoot) {
        OptionalDouble tightest = OptionalDouble.empty();
        for (String line : lines(cgroupFile)) {
            // "0::/path" (v2) or "4:cpu,cpuacct:/path" (v1)
            String[] fields = line.split(":", 3);
            if (fields.length < 3) {
                continue;
            }
            boolean v2 = fields[0].equals("0") && fields[1].isEmpty();
            boolean v1Cpu = List.of(fields[1].split(",")).contains("cpu");
            if (!v2 && !v1Cpu) {
                continue;
            }
            Path mount = v2 ? cgroupRoot : v1Mount(cgroupRoot, fields[1]);
            for (Path dir = under(mount, fields[2]); dir != null && dir.startsWith(mount); dir = dir.getParent()) {
                OptionalDouble here = v2 ? v2Quota(dir) : v1Quota(dir);
                if (here.isPresent() && (tightest.isEmpty() || here.getAsDouble() < tightest.getAsDouble())) {
                    tightest = here;
                }
            }
        }
        return tightest;
    }

    /** Where a v1 hierarchy with these controllers is mounted: {@code cpu,cpuacct}, or {@code cpu} on its own. */
    private static Path v1Mount(Path root, String controllers) {
        Path named = root.resolve(controllers);
        return Files.isDirectory(named) ? named : root.resolve("cpu");
    }

    /** The cgroup's directory; the mount itself when the path is not below it (a container's own namespace). */
    private static Path under(Path mount, String cgroupPath) {
        Path dir = mount.resolve(cgroupPath.replaceFirst("^/+", "")).normalize();
        return Files.isDirectory(dir) ? dir : mount;
    }

    private static OptionalDouble v2Quota(Path dir) {
        return firstLine(dir.resolve("cpu.max")).map(l -> l.strip().split("\\s+")).filter(f -> f.length == 2
                && !f[0].equals("max")).map(f -> ratio(f[0], f[1])).orElse(OptionalDouble.empty());
    }

    private static OptionalDouble v1Quota(Path dir) {
        Optional<String> quota = firstLine(dir.resolve("cpu.cfs_quota_us"));
        Optional<String> period = firstLine(dir.resolve("cpu.cfs_period_us"));
        return quota.isPresent() && period.isPresent() ? ratio(quota.get().strip(), period.get().strip())
                : OptionalDouble.empty();
    }

    private static OptionalDouble ratio(String quota, String period) {
        try {
            double q = Double.parseDouble(quota);
            double p = Double.parseDouble(period);
            return q > 0 && p > 0 ? OptionalDouble.of(q / p) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private static Optional<String> firstLine(Path file) {
        return lines(file).stream().findFirst();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
