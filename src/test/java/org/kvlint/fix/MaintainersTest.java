package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kvlint.TestPaths;

/**
 * MAINTAINERS read as get_maintainer.pl reads it, and the subject prefix a file gets from it.
 * The excerpt holds the real 6.1 entries for the files of kvlint's 6.1 findings; with a kernel
 * tree at hand ({@code -Dkvlint.kernelTree=DIR} or {@code KVLINT_KERNEL_TREE}) the whole file is
 * checked against get_maintainer.pl itself.
 */
class MaintainersTest {
    private static Maintainers excerpt() throws IOException {
        Path p = TestPaths.projectDir().resolve("src/test/java/org/kvlint/fix/maintainers/MAINTAINERS-6.1");
        return Maintainers.parse(Files.readString(p, StandardCharsets.UTF_8), dir -> false);
    }

    /** path, MAINTAINERS entry, directory the entry covers, subject prefix without history. */
    private static final List<List<String>> FINDINGS_61 = List.of(
            List.of("drivers/block/drbd/drbd_bitmap.c", "DRBD DRIVER", "drivers/block/drbd", "drbd"),
            List.of("fs/gfs2/dir.c", "GFS2 FILE SYSTEM", "fs/gfs2", "gfs2"),
            List.of("fs/smb/client/misc.c", "COMMON INTERNET FILE SYSTEM CLIENT (CIFS and SMB3)", "fs/smb/client",
                    "smb: client"),
            List.of("fs/xfs/xfs_log_priv.h", "XFS FILESYSTEM", "fs/xfs", "xfs"),
            List.of("fs/xfs/libxfs/xfs_bmap.c", "XFS FILESYSTEM", "fs/xfs", "xfs"),
            List.of("arch/arm/mm/dma-mapping.c", "ARM PORT", "arch/arm", "ARM"),
            List.of("arch/x86/kvm/svm/sev.c", "KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)", "arch/x86/kvm/svm", "KVM: SVM"),
            List.of("arch/x86/kvm/x86.c", "KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)", "arch/x86/kvm", "KVM: x86"),
            List.of("drivers/gpu/drm/drm_hashtab.c", "DRM DRIVERS AND MISC GPU PATCHES", "drivers/gpu/drm", "drm"),
            List.of("net/ipv4/fib_trie.c", "NETWORKING [IPv4/IPv6]", "net/ipv4", "ipv4"),
            List.of("net/bpf/test_run.c", "BPF [GENERAL] (Safe Dynamic Programs and Tools)", "net/bpf", "bpf"),
            List.of("drivers/infiniband/hw/bnxt_re/qplib_res.c", "BROADCOM NETXTREME-E ROCE DRIVER",
                    "drivers/infiniband/hw/bnxt_re", "RDMA/bnxt_re"),
            List.of("drivers/scsi/fnic/fnic_trace.c", "CISCO FCOE HBA DRIVER", "drivers/scsi/fnic", "scsi: fnic"),
            List.of("drivers/staging/media/atomisp/pci/runtime/frame/src/frame.c", "STAGING - ATOMISP DRIVER",
                    "drivers/staging/media/atomisp", "media: atomisp"),
            List.of("drivers/gpu/drm/amd/display/amdgpu_dm/amdgpu_dm_helpers.c", "AMD DISPLAY CORE",
                    "drivers/gpu/drm/amd/display", "drm/amd/display"),
            List.of("drivers/gpu/drm/amd/amdgpu/amdgpu_bo_list.c", "RADEON and AMDGPU DRM DRIVERS",
                    "drivers/gpu/drm/amd", "drm/amdgpu"));

    @Test
    void theFilesOfThe61FindingsGetTheirEntryDirectoryAndPrefix() throws IOException {
        Maintainers m = excerpt();
        for (List<String> row : FINDINGS_61) {
            String path = row.get(0);
            Maintainers.Match match = m.entryFor(path).orElseThrow(() -> new AssertionError("no entry for " + path));
            assertEquals(row.get(1), match.entry().name(), path);
            assertEquals(row.get(2), match.directory(), path);
            Upstream upstream = new Upstream(true, Optional.of(m), Optional.empty(), new Recipients.None());
            assertEquals(row.get(3), upstream.prefixOf(upstream.ownerOf(path), path), path);
        }
    }

    @Test
    void excludedPatternsFileDepthNamesAndTheCatchAll() {
        Maintainers m = Maintainers.parse("""
                Some prose before the first entry.
                \tIndented prose.

                ARM PORT
                M:\tA <a@example.org>
                S:\tOdd Fixes
                F:\tarch/arm/
                X:\tarch/arm/boot/dts/

                ARM DTS
                M:\tB <b@example.org>
                S:\tMaintained
                F:\tarch/arm/boot/dts/*.dts

                ROCKCHIP
                M:\tC <c@example.org>
                S:\tMaintained
                N:\trockchip

                DRM MISC
                M:\tD <d@example.org>
                S:\tMaintained
                F:\tdrivers/gpu/drm/*

                DRM CORE
                M:\tE <e@example.org>
                S:\tMaintained
                F:\tdrivers/gpu/drm

                THE REST
                M:\tL <l@example.org>
                S:\tBuried alive in reporters
                F:\t*
                F:\t*/
                """, dir -> dir.equals("drivers/gpu/drm"));
        assertEquals(6, m.entries().size(), "prose makes no entry: " + m.entries());
        assertEquals("ARM PORT", m.entryFor("arch/arm/mm/dma-mapping.c").orElseThrow().entry().name());
        assertEquals("ARM DTS", m.entryFor("arch/arm/boot/dts/foo.dts").orElseThrow().entry().name(),
                "X: takes the file away from ARM PORT");
        assertTrue(m.entryFor("arch/arm/boot/dts/sub/foo.dts").isEmpty(),
                "a file pattern matches only at its own depth, and X: still excludes ARM PORT");
        assertEquals("ROCKCHIP", m.entryFor("drivers/clk/rockchip/clk.c").orElseThrow().entry().name());
        assertEquals("drivers/clk/rockchip", m.entryFor("drivers/clk/rockchip/clk.c").orElseThrow().directory());
        assertEquals("DRM MISC", m.entryFor("drivers/gpu/drm/drm_hashtab.c").orElseThrow().entry().name());
        assertEquals("DRM CORE", m.entryFor("drivers/gpu/drm/i915/i915_drv.c").orElseThrow().entry().name(),
                "drm/* is one level deep only; a pattern naming a directory covers all of it");
        assertEquals("drivers/gpu/drm", m.entryFor("drivers/gpu/drm/i915/i915_drv.c").orElseThrow().directory());
        assertTrue(m.entryFor("Makefile").isEmpty(), "THE REST is no subsystem");
    }

    @Test
    void anUnreadablePatternCostsOnlyItself() {
        Maintainers m = Maintainers.parse("""
                BROKEN
                S:\tMaintained
                N:\t[unclosed
                F:\tdrivers/x/

                GOOD
                S:\tMaintained
                F:\tdrivers/y/
                """, dir -> false);
        assertEquals("BROKEN", m.entryFor("drivers/x/a.c").orElseThrow().entry().name());
        assertEquals("GOOD", m.entryFor("drivers/y/a.c").orElseThrow().entry().name());
    }

    /** The whole MAINTAINERS of a real tree against get_maintainer.pl's most specific section. */
    @Test
    void agreesWithGetMaintainerOnARealTree() throws IOException {
        String tree = System.getProperty("kvlint.kernelTree", System.getenv("KVLINT_KERNEL_TREE"));
        assumeTrue(tree != null && Files.isRegularFile(Path.of(tree, "scripts/get_maintainer.pl")),
                "no kernel tree (-Dkvlint.kernelTree=DIR)");
        Path root = Path.of(tree);
        Maintainers m = Maintainers.read(root).orElseThrow();
        for (List<String> row : FINDINGS_61) {
            String path = row.get(0);
            if (!Files.exists(root.resolve(path))) {
                continue;
            }
            Subprocess.Result r = Subprocess.run(root, Duration.ofSeconds(60), List.of("perl",
                    "scripts/get_maintainer.pl", "--no-git", "--no-git-fallback", "--sections", "-f", path));
            assumeTrue(r.ok(), r.why());
            String first = r.out().lines().findFirst().orElse("");
            assertEquals(first, m.entryFor(path).orElseThrow().entry().name(), path);
        }
    }
}
