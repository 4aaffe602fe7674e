package org.kvlint.fix;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's patch-subject prefix for a directory ("drm/amdgpu", "scsi: lpfc", "ice"), from
 * the conventions maintainers ask for, as an ordered table of path patterns; the last directory
 * component when none applies.
 */
public final class Subsystem {
    private Subsystem() {}

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
            c("drivers/scsi", "scsi"),
            c("drivers/media/(.*/)?([^/]+)", "media: $2"),
            c("drivers/infiniband/hw/([^/]+)(/.*)?", "RDMA/$1"),
            c("drivers/infiniband/ulp/([^/]+)(/.*)?", "IB/$1"),
            c("drivers/infiniband/([^/]+)(/.*)?", "RDMA/$1"),
            c("drivers/staging/([^/]+)(/.*)?", "staging: $1"),
            c("drivers/crypto/([^/]+)(/.*)?", "crypto: $1"),
            c("drivers/md(/.*)?", "md"),
            c("drivers/vfio(/.*)?", "vfio"),
            c("drivers/virtio", "virtio"),
            c("sound/soc/(.*/)?([^/]+)", "ASoC: $2"),
            c("sound/(.*/)?([^/]+)", "ALSA: $2"),
            c("arch/([^/]+)/kvm(/.*)?", "KVM: $1"),
            c("virt/kvm(/.*)?", "KVM"),
            c("arch/([^/]+)(/.*)?/([^/]+)", "$1/$3"),
            c("arch/([^/]+)", "$1"),
            c("fs/([^/]+)(/.*)?", "$1"),
            c("net/sched", "net/sched"),
            c("net/(ipv4|ipv6|bridge)/netfilter", "netfilter"),
            c("net/core", "net"),
            c("net/([^/]+)(/.*)?", "$1"),
            c("kernel/trace(/.*)?", "tracing"),
            c("kernel/([^/]+)(/.*)?", "$1"),
            c("kernel", "kernel"),
            c("security/([^/]+)(/.*)?", "$1"),
            c("crypto(/.*)?", "crypto"),
            c("tools/testing/selftests/([^/]+)(/.*)?", "selftests/$1"),
            c("tools/([^/]+)(/.*)?", "tools/$1"));

    private static Convention c(String dir, String prefix) {
        return new Convention(Pattern.compile(dir), prefix);
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
