package org.kvlint.fix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's patch-subject prefix ("drm/amdgpu", "scsi: lpfc", "media: atomisp"), from the
 * subsystem's own history when there is one, else from a table: exceptions by MAINTAINERS entry
 * (for entries whose customary prefix their directory does not tell), then the conventions
 * maintainers ask for, as an ordered list of directory patterns; the last directory component
 * when none applies.
 */
public final class Subsystem {
    private Subsystem() {}

    /**
     * Who looks after a file: the series it goes in.
     *
     * @param name its MAINTAINERS entry ("GFS2 FILE SYSTEM"), or "" when the tree has none for it
     * @param directory the directory the entry covers for the file, else the file's own directory
     */
    public record Owner(String name, String directory) implements Comparable<Owner> {
        @Override
        public int compareTo(Owner o) {
            int c = directory.compareTo(o.directory);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    /** A path pattern and the prefix it yields ($1, $2 = its groups). */
    private record Convention(Pattern dir, String prefix) {}

    private static final List<Convention> CONVENTIONS = List.of(
            c("drivers/gpu/drm/amd/(amdgpu|amdkfd|pm)(/.*)?", "drm/amdgpu"),
            c("drivers/gpu/drm/amd/display(/.*)?", "drm/amd/display"),
            c("drivers/gpu/drm/([^/]+)(/.*)?", "drm/$1"),
            c("drivers/net/ethernet/mellanox/(mlx[0-9])(/.*)?", "net/$1"),
            c("drivers/net/ethernet/[^/]+/([^/]+)(/.*)?", "$1"),
            c("drivers/net/ethernet/([^/]+)", "net: $1"),
            c("drivers/net/wireless/[^/]+/([^/]+)(/.*)?", "wifi: $1"),
            c("drivers/net/wireless/([^/]+)", "wifi: $1"),
            c("drivers/scsi/([^/]+)(/.*)?", "scsi: $1"),
            c("drivers/iommu/([^/]+)(/.*)?", "iommu/$1"),
            c("drivers/scsi", "scsi"),
            c("drivers/media/(.*/)?([^/]+)", "media: $2"),
            c("drivers/infiniband/hw/([^/]+)(/.*)?", "RDMA/$1"),
            c("drivers/infiniband/ulp/([^/]+)(/.*)?", "IB/$1"),
            c("drivers/infiniband/([^/]+)(/.*)?", "RDMA/$1"),
            c("drivers/staging/media/([^/]+)(/.*)?", "media: $1"),
            c("drivers/staging/([^/]+)(/.*)?", "staging: $1"),
            c("drivers/crypto/([^/]+)(/.*)?", "crypto: $1"),
            c("drivers/md(/.*)?", "md"),
            c("drivers/vfio(/.*)?", "vfio"),
            c("drivers/virtio", "virtio"),
            c("sound/soc/(.*/)?([^/]+)", "ASoC: $2"),
            c("sound/(.*/)?([^/]+)", "ALSA: $2"),
            c("arch/x86/kvm/svm(/.*)?", "KVM: SVM"),
            c("arch/x86/kvm/vmx(/.*)?", "KVM: VMX"),
            c("arch/x86/kvm/mmu(/.*)?", "KVM: x86/mmu"),
            c("arch/([^/]+)/kvm(/.*)?", "KVM: $1"),
            c("virt/kvm(/.*)?", "KVM"),
            c("arch/arm(/.*)?", "ARM"),
            c("arch/mips(/.*)?", "MIPS"),
            c("arch/([^/]+)(/.*)?/([^/]+)", "$1/$3"),
            c("arch/([^/]+)", "$1"),
            c("fs/smb/(client|server)(/.*)?", "smb: $1"),
            c("fs/nfs(/.*)?", "NFS"),
            c("fs/([^/]+)(/.*)?", "$1"),
            c("net/sched", "net/sched"),
            c("net/(ipv4|ipv6|bridge)/netfilter", "netfilter"),
            c("net/core", "net"),
            c("net/sunrpc(/.*)?", "SUNRPC"),
            c("net/([^/]+)(/.*)?", "$1"),
            c("kernel/trace(/.*)?", "tracing"),
            c("kernel/([^/]+)(/.*)?", "$1"),
            c("kernel", "kernel"),
            c("security/([^/]+)(/.*)?", "$1"),
            c("crypto(/.*)?", "crypto"),
            c("tools/testing/selftests/([^/]+)(/.*)?", "selftests/$1"),
            c("tools/([^/]+)(/.*)?", "tools/$1"));

    /**
     * MAINTAINERS entries (names with runs of blanks collapsed) whose customary prefix their
     * directory does not tell: the device mapper lives in drivers/md beside md, Intel's IOMMU
     * driver is "iommu/vt-d" although its directory is intel/.
     */
    private static final Map<String, String> BY_ENTRY = Map.of(
            "DEVICE-MAPPER (LVM)", "dm",
            "INTEL IOMMU (VT-d)", "iommu/vt-d",
            "AMD IOMMU (AMD-VI)", "iommu/amd");

    /** A subject's prefix: one or more "word: " groups, a word being a path-like token without blanks. */
    private static final Pattern SUBJECT_PREFIX = Pattern.compile("^((?:[A-Za-z0-9_][A-Za-z0-9_./+,-]*: )+)");

    private static Convention c(String dir, String prefix) {
        return new Convention(Pattern.compile(dir), prefix);
    }

    /**
     * The prefix for a file of a kernel tree without history: the MAINTAINERS entry's exception
     * when it has one, else {@link #prefix(String, boolean, String)} of the file's directory.
     *
     * @param entry the file's MAINTAINERS entry name, or "" when none
     */
    public static String prefix(String entry, String dir, String fallback) {
        String exception = BY_ENTRY.get(entry.replaceAll("\\s+", " ").strip());
        return exception != null ? exception : prefix(dir, true, fallback);
    }

    /**
     * The prefix most of a directory's recent commit subjects use ("gfs2" from "gfs2: Fix ...",
     * "media: atomisp" from "media: atomisp: ..."), when at least two agree; ties go to the
     * newer. Merges, reverts and subjects without a prefix do not vote.
     *
     * @param subjects newest first
     */
    public static Optional<String> fromHistory(List<String> subjects) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (String s : subjects) {
            String subject = s.strip().replaceFirst("^\\[[^\\]]*\\]\\s*", "");
            if (subject.startsWith("Revert ") || subject.startsWith("Merge ")) {
                continue;
            }
            Matcher m = SUBJECT_PREFIX.matcher(subject);
            if (m.find()) {
                String prefix = m.group(1).substring(0, m.group(1).length() - 2);
                votes.merge(prefix, 1, Integer::sum);
            }
        }
        String best = null;
        for (var e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best != null && votes.get(best) >= 2 ? Optional.of(best) : Optional.empty();
    }

    /** The directory part of a '/'-separated path ("" at the top). */
    public static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * @param dir a directory relative to the tree root, '/'-separated, no trailing slash
     * @param kernelTree whether {@code dir} is relative to a kernel tree (else only the last
     *     component is meaningful)
     * @param fallback used for the top directory itself (e.g. the file name)
     */
    public static String prefix(String dir, boolean kernelTree, String fallback) {
        if (kernelTree) {
            for (Convention c : CONVENTIONS) {
                Matcher m = c.dir().matcher(dir);
                if (m.matches()) {
                    return m.replaceFirst(c.prefix());
                }
            }
        }
        if (dir.isEmpty()) {
            return fallback;
        }
        return dir.substring(dir.lastIndexOf('/') + 1);
    }
}
