"""The external tools a build runs: LuaLaTeX and its passes, fonts, EPUBCheck, PDF/A."""
