package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatchSeriesTest {
    @Test
    void subjectPrefixesFollowTheSubsystemConventions() {
        assertEquals("drm/amdgpu", Subsystem.prefix("drivers/gpu/drm/amd/amdgpu", true, "x"));
        assertEquals("drm/i915", Subsystem.prefix("drivers/gpu/drm/i915/gt", true, "x"));
        assertEquals("ice", Subsystem.prefix("drivers/net/ethernet/intel/ice", true, "x"));
        assertEquals("net/mlx5", Subsystem.prefix("drivers/net/ethernet/mellanox/mlx5/core/en", true, "x"));
        assertEquals("scsi: lpfc", Subsystem.prefix("drivers/scsi/lpfc", true, "x"));
        assertEquals("RDMA/bnxt_re", Subsystem.prefix("drivers/infiniband/hw/bnxt_re", true, "x"));
        assertEquals("ASoC: codecs", Subsystem.prefix("sound/soc/codecs", true, "x"));
        assertEquals("KVM: x86", Subsystem.prefix("arch/x86/kvm", true, "x"));
        assertEquals("KVM: SVM", Subsystem.prefix("arch/x86/kvm/svm", true, "x"));
        assertEquals("ARM", Subsystem.prefix("arch/arm/mm", true, "x"));
        assertEquals("x86/mm", Subsystem.prefix("arch/x86/mm", true, "x"));
        assertEquals("media: atomisp", Subsystem.prefix("drivers/staging/media/atomisp/pci", true, "x"));
        assertEquals("staging: rtl8723bs", Subsystem.prefix("drivers/staging/rtl8723bs/core", true, "x"));
        assertEquals("smb: client", Subsystem.prefix("fs/smb/client", true, "x"));
        assertEquals("cifs", Subsystem.prefix("fs/cifs", true, "x"));
        assertEquals("xfs", Subsystem.prefix("fs/xfs/libxfs", true, "x"));
        assertEquals("tracing", Subsystem.prefix("kernel/trace", true, "x"));
        assertEquals("bpf", Subsystem.prefix("kernel/bpf", true, "x"));
        assertEquals("mm", Subsystem.prefix("mm", true, "x"));
        assertEquals("foo", Subsystem.prefix("some/where/foo", false, "x"));
        assertEquals("x", Subsystem.prefix("", false, "x"));
    }

    @Test
    void entriesWhoseDirectoryDoesNotTellHaveTheirOwnPrefix() {
        assertEquals("dm", Subsystem.prefix("DEVICE-MAPPER  (LVM)", "drivers/md", "dm-table"));
        assertEquals("md", Subsystem.prefix("SOFTWARE RAID (Multiple Disks) SUPPORT", "drivers/md", "raid5"));
        assertEquals("iommu/vt-d", Subsystem.prefix("INTEL IOMMU (VT-d)", "drivers/iommu/intel", "x"));
        assertEquals("gfs2", Subsystem.prefix("", "fs/gfs2", "x"));
    }

    @Test
    void theHistorysMostCommonPrefixWins() {
        assertEquals(Optional.of("media: atomisp"), Subsystem.fromHistory(List.of(
                "media: atomisp: Fix a leak", "media: atomisp: Remove dead code", "treewide: Convert foo",
                "media: atomisp: sh_css: Drop unused", "Revert \"media: staging: Foo\"", "[PATCH] media: atomisp: x")));
        assertEquals(Optional.of("KVM: SVM"), Subsystem.fromHistory(List.of("KVM: SVM: b", "KVM: x86: a", "KVM: SVM: c",
                "KVM: x86: d")), "a tie goes to the newer");
        assertEquals(Optional.empty(), Subsystem.fromHistory(List.of("gfs2: one", "Linux 6.1.192")),
                "one vote is no custom");
        assertEquals(Optional.empty(), Subsystem.fromHistory(List.of("Import the tree", "Fix the build")));
    }

    @Test
    void fileNamesAreGitFormatPatchStyle() {
        assertEquals("drm-amdgpu-use-kvmalloc-instead-of-open-coded-vmallo", // git cuts at 52
                PatchSeries.sanitize("drm/amdgpu: use kvmalloc() instead of open-coded vmalloc fallback"));
    }

    @Test
    void commitTextIsWrappedForCheckpatch() {
        String w = CommitText.wrap("word ".repeat(40).strip() + "\n\n" + "other ".repeat(20).strip());
        w.lines().forEach(l -> assertTrue(l.length() <= 72, l));
        assertTrue(w.contains("\n\nother"), w);
    }

    @Test
    void theFunctionOfAFindingSkipsGotoLabels() {
        byte[] c = "static int foo(int a)\n{\nout_free:\n\tkfree(p);\n}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("foo", CommitText.functionAt(c, 4));
    }
}
