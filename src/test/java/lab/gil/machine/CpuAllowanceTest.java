package lab.gil.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cores a server may use, read from the files Linux keeps for a process: affinity and cgroup quotas. */
class CpuAllowanceTest {

    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theAffinityListNamesTheCoresTasksetAllows() throws IOException {
        Path status = write("status", "Name:\tjava\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n");
        CpuAllowance one = CpuAllowance.read(1, status, dir.resolve("none"), dir.resolve("none"));
        assertThat(one.ownCoreIds()).containsExactly(0);
        assertThat(one.owns(0)).isTrue();
        assertThat(one.owns(1)).as("taskset -c 0 on a 2-core machine: core 1 is not the server's").isFalse();
        assertThat(CpuAllowance.parseCpuList("0-3,8,10-11")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(CpuAllowance.parseCpuList("0-x")).as("malformed: unknown, so every core counts").isEmpty();
    }

    @Test
    void aCgroupV2QuotaIsReadFromTheProcesssCgroupAndItsParentsTheTightestWinning() throws IOException {
        Path cgroup = write("cgroup", "0::/system.slice/app.service\n");
        Path root = dir.resolve("cgroup2");
        write("cgroup2/cpu.max", "max 100000\n");
        write("cgroup2/system.slice/cpu.max", "300000 100000\n");
        write("cgroup2/system.slice/app.service/cpu.max", "150000 100000\n");
        assertThat(CpuAllowance.quota(cgroup, root).getAsDouble()).as("docker run --cpus=1.5").isCloseTo(1.5, within(1e-9));
        write("cgroup2/system.slice/app.service/cpu.max", "max 100000\n");
        assertThat(CpuAllowance.quota(cgroup, root).getAsDouble()).as("the parent's quota binds").isCloseTo(3, within(1e-9));
    }

    @Test
    void insideAContainerTheCgroupPathIsTheMountsRoot() throws IOException {
        Path cgroup = write("cgroup", "0::/\n");
        write("cgroup2/cpu.max", "100000 100000\n");
        assertThat(CpuAllowance.quota(cgroup, dir.resolve("cgroup2")).getAsDouble()).isCloseTo(1, within(1e-9));
    }

    @Test
    void aCgroupV1QuotaOfMinusOneIsNone() throws IOException {
        Path cgroup = write("cgroup", "4:memory:/x\n1:cpu,cpuacct:/\n");
        write("v1/cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
        write("v1/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
        assertThat(CpuAllowance.quota(cgroup, dir.resolve("v1"))).isEmpty();
        write("v1/cpu,cpuacct/cpu.cfs_quota_us", "50000\n");
        assertThat(CpuAllowance.quota(cgroup, dir.resolve("v1")).getAsDouble()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void withoutTheFilesOnlyTheJvmsCountIsKnownAndEveryCoreIsTheServers() {
        CpuAllowance unknown = CpuAllowance.read(4, dir.resolve("a"), dir.resolve("b"), dir.resolve("c"));
        assertThat(unknown.usableCores()).isEqualTo(4);
        assertThat(unknown.quotaCores()).isEmpty();
        assertThat(unknown.owns(63)).isTrue();
    }

    @Test
    void capacityIsMeasuredForTwoAndForEveryCoreAndNeverMoreThanTheCoresOrTheQuota() {
        MachineFacts eight = new MachineFacts(new CpuAllowance(8, List.of(), OptionalDouble.empty()), 8,
                new double[] {0, 1, 1.9, 0, 0, 0, 0, 0, 7.0}, null);
        assertThat(eight.capacity(1)).isEqualTo(1);
        assertThat(eight.capacity(2)).isEqualTo(1.9);
        assertThat(eight.capacity(5)).as("between the measured ones, on a straight line").isCloseTo(4.45, within(1e-9));
        assertThat(eight.capacity(64)).as("more threads than cores only take turns").isEqualTo(7.0);
        MachineFacts quota = new MachineFacts(new CpuAllowance(2, List.of(), OptionalDouble.of(1.5)), 64,
                new double[] {0, 1}, null);
        assertThat(quota.capacity(2)).as("unmeasured: the ideal, within the quota").isEqualTo(1.5);
        MachineFacts oneOfTwo = new MachineFacts(new CpuAllowance(1, List.of(0), OptionalDouble.empty()), 2,
                new double[] {0, 1}, null);
        assertThat(oneOfTwo.capacity(2)).isEqualTo(1);
        assertThat(oneOfTwo.ownCores()).containsExactly(true, false);
        assertThat(oneOfTwo.figures()).containsEntry("cores", 1.0).containsEntry("machine-cores", 2.0)
                .containsEntry("capacity-2", 1.0);
    }
}
