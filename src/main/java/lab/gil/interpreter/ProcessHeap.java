package lab.gil.interpreter;

/**
 * glibc's {@code malloc} in one CPython process, as far as a copy's memory goes: whether the memory a copy of some
 * size needs comes fresh from the operating system (every page a fault on first touch, which a virtual machine's
 * host serves dearly), partly from a heap that grows to hold it, or from memory the process's heap already holds.
 *
 * <p>glibc maps a block above its mmap threshold (128 KiB at first) afresh, and unmaps it when it is freed,
 * raising the threshold to that block's size if it is at most 32 MiB; a smaller block comes from the heap, which
 * grows by fresh pages and keeps them once freed while they stay under the trim threshold (twice the mmap
 * threshold). So in a fresh process the first copy of a size is fresh (mapped), the second grows the heap to hold
 * it, and later ones of that size or less reuse the heap; beyond 32 MiB every copy is fresh. Four 1 MiB copies in a
 * row through a pipe, in a fresh CPython 3.11 program on this project's 2-core VM, took 17.5, 10.5, 6.6 and 6.6 ms;
 * four of 8 MiB 145, 92, 65 and 65 ms (2026-12-07); six 10 MB copies took 177-194 ms every time with the threshold
 * fixed at 128 KiB ({@code MALLOC_MMAP_THRESHOLD_}).
 *
 * <p>One per emulated process, for the life of that process; used by the one thread that drives it.
 */
public final class ProcessHeap {

    /** Where the memory a copy needs comes from. */
    public enum Memory {
        /** Mapped afresh: every page a fault. */
        FRESH,
        /** From the heap, which grows by fresh pages to hold it. */
        GROWN,
        /** From pages the heap already holds. */
        REUSED
    }

    static final long FIRST_MMAP_THRESHOLD = 128L << 10;
    static final long MAX_MMAP_THRESHOLD = 32L << 20;

    private long mmapThreshold = FIRST_MMAP_THRESHOLD;
    /** The most this process's heap has grown to for one copy, and holds since. */
    private long held;

    /** Where the memory a copy of {@code bytes} comes from; the heap then holds what the copy used. */
    public Memory copy(long bytes) {
        if (bytes > mmapThreshold) {
            if (bytes <= MAX_MMAP_THRESHOLD) {
                // When the block is freed: to its size with glibc's header, just above the copy's.
                mmapThreshold = bytes;
            }
            return Memory.FRESH;
        }
        if (bytes <= held) {
            return Memory.REUSED;
        }
        held = bytes;
        return Memory.GROWN;
    }
}
