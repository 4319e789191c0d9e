"""The answer engine: find the Q&A entry, article or myth a citizen's question is about.

Entry points: ``bot.search.engine.SearchEngine`` (build once, then ``search``) and the result
types in ``bot.search.result``.
"""
