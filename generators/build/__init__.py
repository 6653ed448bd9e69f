"""The build engine: where files are written (the store, the writer, the atomic swap of
output/), what lets a rebuild keep unchanged files (recorded inputs, digests, the store), and the
passes over the finished site (security policy, sitemap and search index).
"""
