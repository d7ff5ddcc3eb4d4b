-- editions: the wait of a LuaLaTeX pass begun early (editions.pipeline.tools.early_pass).
--
-- The pass has read the last build's preamble and front matter, unchanged since. Sphinx
-- is writing the LaTeX file meanwhile; the build compares it with what was read here and
-- answers on standard input: "go" when the file begins as this pass read it (the rest
-- of the file is then in place, as the edition's own file name, so messages, bookmarks
-- and the PDF are those of an ordinary pass), anything else, or the end of input,
-- when it does not. Then this pass stops at once: the build starts a fresh one, in the
-- edition's own folder, which this one never touched.
local waiting = os.gettimeofday()
local answer = io.read("l")
texio.write_nl("log", string.format("editions: this pass began early; it read the head in "
               .. "%.2f s and waited %.2f s for the LaTeX file", os.clock(),
               os.gettimeofday() - waiting))
if answer ~= "go" then
  texio.write_nl("term and log", "editions: the LaTeX file changed before this point; "
                 .. "this early pass stops and the build typesets afresh")
  os.exit(0)
end
