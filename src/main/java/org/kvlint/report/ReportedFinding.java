package org.kvlint.report;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvlint.rules.Finding;
import org.kvlint.rules.Fix;
import org.kvlint.validate.ValidationResult;

/**
 * A finding with what every structured report adds to it, computed once for all of them.
 *
 * @param finding what the rule found
 * @param artifact the file, relative to the source root
 * @param region the finding's span with UTF-16 columns
 * @param related the regions of {@code finding.related()}, in the same order
 * @param fixes {@code finding.fixes()} with each edit's region; empty when the file could not be read again
 * @param fingerprints by key ({@link Fingerprint#KVLINT}, {@link Fingerprint#LINE_HASH}), sorted
 */
public record ReportedFinding(Finding finding, SourceRoot.Artifact artifact, Region region, List<Region> related,
                              List<ReportedFix> fixes, SortedMap<String, String> fingerprints) {
    public ReportedFinding {
        related = List.copyOf(related);
        fixes = List.copyOf(fixes);
        fingerprints = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fingerprints));
    }

    /** kvlint's own fingerprint: what baselines match on. */
    public String fingerprint() {
        return fingerprints.get(Fingerprint.KVLINT);
    }

    /**
     * A fix whose edits carry their regions.
     *
     * @param proof the fix's proof on the allocator model, when it was proven; {@code fix} then
     *     already carries the applicability the proof allows
     */
    public record ReportedFix(Fix fix, List<Edit> edits, Optional<ValidationResult> proof, List<FileChange> otherFiles) {
        public ReportedFix {
            edits = List.copyOf(edits);
            otherFiles = List.copyOf(otherFiles);
        }

        public ReportedFix(Fix fix, List<Edit> edits, Optional<ValidationResult> proof) {
            this(fix, edits, proof, List.of());
        }

        /** The applicability as reports spell it: safe, unsafe, display-only. */
        public String applicability() {
            return fix.applicability().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Edits of another file in the same fix (frees of the same memory converted there). */
    public record FileChange(SourceRoot.Artifact artifact, List<Edit> edits) {
        public FileChange {
            edits = List.copyOf(edits);
        }
    }

    /** Replace the bytes of {@code deleted} (its byteOffset/byteLength) with {@code inserted}. */
    public record Edit(Region deleted, String inserted) {}
}
