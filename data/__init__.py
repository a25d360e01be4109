"""The data shipped with tourlink (sites, roads, published routes).

This folder is installed as the package ``tourlink_data`` so that the shipped data travels
with ``pip install``; :func:`tourlink.read.default_data_dir` finds it.
"""
