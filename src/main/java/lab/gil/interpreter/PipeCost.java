package lab.gil.interpreter;

import java.util.Objects;

/**
 * What copying an object through a pipe to or from another process costs, by size, by where the memory the copy
 * needs comes from ({@link ProcessHeap}).
 *
 * @param fresh  a copy whose memory is mapped afresh, as the first copy of a size in a fresh process's is
 * @param grown  a copy for which the heap grows, as the second
 * @param reused a copy whose memory the process's heap already holds, as the later ones
 */
public record PipeCost(CopyCost fresh, CopyCost grown, CopyCost reused) {

    /** Nothing charged. */
    public static final PipeCost NONE = always(CopyCost.NONE);

    public PipeCost {
        Objects.requireNonNull(fresh);
        Objects.requireNonNull(grown);
        Objects.requireNonNull(reused);
    }

    /** The same cost wherever the memory comes from. */
    public static PipeCost always(CopyCost cost) {
        return new PipeCost(cost, cost, cost);
    }

    /** What a copy costs when its memory comes from {@code memory}. */
    public CopyCost of(ProcessHeap.Memory memory) {
        return switch (memory) {
            case FRESH -> fresh;
            case GROWN -> grown;
            case REUSED -> reused;
        };
    }

    /** What copying {@code bytes} costs in the process whose heap is {@code heap}, in nanoseconds; 0 for nothing. */
    public long nanos(long bytes, ProcessHeap heap) {
        return bytes <= 0 ? 0 : of(heap.copy(bytes)).nanos(bytes);
    }
}
