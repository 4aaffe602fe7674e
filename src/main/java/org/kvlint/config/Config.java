package org.kvlint.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvlint.facts.KernelVersion;
import org.kvlint.rules.Level;

/**
 * A project's {@code .kvlint.toml}, read and checked ({@link ConfigFile#read}): every rule named
 * in it exists, every level and version is well formed.
 *
 * @param file where it was read from; empty for "no config file"
 * @param select rule ids to report (empty = every rule)
 * @param ignore rule ids not to report
 * @param perPathIgnores glob (relative to the file's directory) to rule ids not reported there, in file order
 * @param kernel the target kernel, when set
 * @param levels a level per rule id, replacing the rule's
 * @param failOn the lowest level that makes kvlint exit 1, when set
 */
public record Config(Optional<Path> file, Set<String> select, Set<String> ignore,
                     List<Map.Entry<String, Set<String>>> perPathIgnores, Optional<KernelVersion> kernel,
                     Map<String, Level> levels, Optional<Level> failOn) {
    /** No config file: every default. */
    public static final Config NONE = new Config(Optional.empty(), Set.of(), Set.of(), List.of(), Optional.empty(),
            Map.of(), Optional.empty());

    public Config {
        select = Set.copyOf(select);
        ignore = Set.copyOf(ignore);
        perPathIgnores = List.copyOf(perPathIgnores);
        levels = Map.copyOf(levels);
    }

    /** The directory per-path globs are relative to. */
    public Path base() {
        return file.map(f -> f.toAbsolutePath().normalize().getParent()).orElse(Path.of("").toAbsolutePath());
    }
}
