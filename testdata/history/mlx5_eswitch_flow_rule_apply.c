// SPDX-License-Identifier: GPL-2.0
/*
 * Upstream: drivers/net/ethernet/mellanox/mlx5/core/eswitch.c, _mlx5_flow_rule_apply()
 * Fixed by: commit not identified here (the function was rewritten before 4.12, when mlx5_vzalloc() itself became kvzalloc())
 * Old code read from: the Ubuntu 4.4.230 tree (GitHub balabit-deps/balabit-os-6-linux, commit 61484f7c8), checked against /work/trees/linux-source-6.1
 * Trimmed to the function and the minimal context it needs; "..." comments mark code
 * outside the diff context that was left out.
 * mlx5_vzalloc() is copied in from include/linux/mlx5/driver.h of the same tree.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>

static inline void *mlx5_vzalloc(unsigned long size)
{
	void *rtn;

	rtn = kzalloc(size, GFP_KERNEL | __GFP_NOWARN); /* expect: KV001 */
	if (!rtn)
		rtn = vzalloc(size);
	return rtn;
}

static int _mlx5_flow_rule_apply(struct mlx5_flow_rule *fr)
{
	bool was_valid = fr->valid;
	struct dest_node *dest_n;
	u32 dest_list_size = 0;
	void *in_match_value;
	u32 *flow_context;
	u32 flow_index;
	int err;
	int i;

	if (list_empty(&fr->dest_list)) {
		if (fr->valid)
			mlx5_del_flow_table_entry(fr->ft, fr->fi);
		fr->valid = false;
		return 0;
	}

	list_for_each_entry(dest_n, &fr->dest_list, list)
		dest_list_size++;

	flow_context = mlx5_vzalloc(MLX5_ST_SZ_BYTES(flow_context) +
				    MLX5_ST_SZ_BYTES(dest_format_struct) *
				    dest_list_size);
	if (!flow_context)
		return -ENOMEM;

	MLX5_SET(flow_context, flow_context, flow_tag, fr->flow_tag);
	MLX5_SET(flow_context, flow_context, action, fr->action);
	MLX5_SET(flow_context, flow_context, destination_list_size,
		 dest_list_size);

	i = 0;
	list_for_each_entry(dest_n, &fr->dest_list, list) {
		void *dest_addr = MLX5_ADDR_OF(flow_context, flow_context,
					       destination[i++]);

		MLX5_SET(dest_format_struct, dest_addr, destination_type,
			 dest_n->dest.type);
		MLX5_SET(dest_format_struct, dest_addr, destination_id,
			 dest_n->dest.vport_num);
	}

	in_match_value = MLX5_ADDR_OF(flow_context, flow_context, match_value);
	memcpy(in_match_value, fr->match_value, MLX5_ST_SZ_BYTES(fte_match_param));

	err = mlx5_add_flow_table_entry(fr->ft, fr->match_criteria_enable,
					fr->match_criteria, flow_context,
					&flow_index);
	if (!err) {
		if (was_valid)
			mlx5_del_flow_table_entry(fr->ft, fr->fi);
		fr->fi = flow_index;
		fr->valid = true;
	}
	kfree(flow_context); /* expect: KV004 */
	return err;
}
