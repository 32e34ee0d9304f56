package lab.gil.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A cheap fingerprint of the lessons folder: the name, modification time and size of every lesson file, or the
 * fact that the folder is missing. Two equal stamps mean nothing worth reloading has changed.
 *
 * @param files   file name to "mtime/size", sorted by name; empty when the folder is missing
 * @param missing whether the folder could not be listed
 */
record FolderStamp(SortedMap<String, String> files, boolean missing) {

    static final String LESSON_SUFFIX = ".md";

    FolderStamp {
        // Sorted, so that loading (and which of two files with the same id wins) never depends on the file system.
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** Lists the folder's lesson files without reading them. */
    static FolderStamp of(Path folder) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(LESSON_SUFFIX)) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        files.put(name, attributes.lastModifiedTime().toMillis() + "/" + attributes.size());
                    }
                } catch (IOException e) {
                    // Removed between listing and reading, or unreadable: loading reports it if it is still there.
                    files.put(name, "unreadable");
                }
            }
        } catch (IOException e) {
            return new FolderStamp(new TreeMap<>(), true);
        }
        return new FolderStamp(files, false);
    }
}
