package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
        assertEquals("KVM: x86", Subsystem.prefix("arch/x86/kvm/svm", true, "x"));
        assertEquals("xfs", Subsystem.prefix("fs/xfs/libxfs", true, "x"));
        assertEquals("tracing", Subsystem.prefix("kernel/trace", true, "x"));
        assertEquals("bpf", Subsystem.prefix("kernel/bpf", true, "x"));
        assertEquals("mm", Subsystem.prefix("mm", true, "x"));
        assertEquals("foo", Subsystem.prefix("some/where/foo", false, "x"));
        assertEquals("x", Subsystem.prefix("", false, "x"));
    }

    @Test
    void fileNamesAreGitFormatPatchStyle() {
        assertEquals("drm-amdgpu-use-kvmalloc-instead-of-open-coded-vmallo", // git cuts at 52
                PatchSeries.sanitize("drm/amdgpu: use kvmalloc() instead of open-coded vmalloc fallback"));
    }

    @Test
    void commitTextIsWrappedForCheckpatch() {
        String w = PatchSeries.wrap("word ".repeat(40).strip() + "\n\n" + "other ".repeat(20).strip());
        w.lines().forEach(l -> assertTrue(l.length() <= 72, l));
        assertTrue(w.contains("\n\nother"), w);
    }

    @Test
    void theFunctionOfAFindingSkipsGotoLabels() {
        byte[] c = "static int foo(int a)\n{\nout_free:\n\tkfree(p);\n}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("foo", PatchSeries.functionAt(c, 4));
    }
}
