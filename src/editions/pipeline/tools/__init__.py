"""The external tools a build runs: LuaLaTeX through latexmk, fonts, EPUBCheck."""
