"""The `sitrep` command (`commands`), the content files it scaffolds (`scaffold`) and the
interface's message catalogue (`catalogue`, `make messages`).
"""
