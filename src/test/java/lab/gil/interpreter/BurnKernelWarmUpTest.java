package lab.gil.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh JVM (a worker process) has compiled the kernel before its first charge once {@link BurnKernel#warmUp} has
 * run: without it, the first long charge starts in the interpreter and stays there to its end (the JIT compiles the
 * kernel during that call, for the next one), about three times slower than the rounds a charge counts on. The JIT
 * is asked to compile in the foreground ({@code -Xbatch}), so that where its compilation falls in the program's
 * output is decided, and to say what it compiles ({@code -XX:+PrintCompilation}).
 */
class BurnKernelWarmUpTest {

    private static final long PROCESS_TIMEOUT_SECONDS = 30;
    /** A compilation's line names the method; an on-stack replacement's has a % in its flags, a whole method's none. */
    private static final String KERNEL = "lab.gil.interpreter.BurnKernel::burn";
    private static final String CHARGING = "charging";

    @Test
    void afterTheWarmUpAFreshJvmsFirstChargeRunsCompiledCode() throws Exception {
        List<String> output = freshJvm("warm");
        assertThat(firstKernelCompilation(output)).as(String.join("\n", output))
                .isLessThan(output.indexOf(CHARGING));
    }

    @Test
    void withoutItTheFirstChargeStartsBeforeTheKernelIsCompiled() throws Exception {
        List<String> output = freshJvm("cold");
        assertThat(firstKernelCompilation(output)).as(String.join("\n", output))
                .isGreaterThan(output.indexOf(CHARGING));
    }

    private static int firstKernelCompilation(List<String> output) {
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).contains(KERNEL) && !output.get(i).contains("%")) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The output lines of a fresh JVM that runs {@link Fresh} with the workers' compiler (C1 only). */
    private static List<String> freshJvm(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-Xbatch",
                "-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path"), Fresh.class.getName(), mode)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the fresh JVM ended").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines).as(output).contains(CHARGING);
        return lines;
    }

    /** The fresh JVM's program: the warm-up or not, then one charge of 2.5 ms's rounds, as a worker's first task. */
    static final class Fresh {
        public static void main(String[] args) {
            long x = args[0].equals("warm") ? BurnKernel.warmUp() : BurnKernel.SEED;
            System.out.println(CHARGING);
            x = BurnKernel.burn(x, 1_240_000);
            System.out.println(x == 0 ? "xorshift's fixed point" : "charged");
        }
    }
}
