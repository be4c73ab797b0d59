"""Every write of electronic applications, split by concept: form versions,
drafts, submissions."""
