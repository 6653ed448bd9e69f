"""The content: its format (vocabulary, schema), how a folder of YAML and Markdown files is
read and checked (loader, with the checks between files), and the validated site it gives
(model). Nothing here knows about pages or the build.
"""
