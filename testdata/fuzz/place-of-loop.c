	p = kzalloc(n, GFP_NOIO | __GFP_NOWARN);
	if (!p) {
		p = __vmalloc(n, GFP_NOIO | __GFP_ZERO);
	}
	if (a) {
			p[i] = q[i];
		for (; i < w; i++) {
			pg = alloc_page(GFP_NOIO);
			if (!pg) {
		b->x = NULL;
		b->y =