-- editions: Persian text that extracts and searches as it is written.
--
-- 0. Memory.  Lua's collector lets the heap double between cycles (pause 200); the
-- glyphs' properties (HarfBuzz's cluster texts, the spans below) are garbage once a
-- page ships out.  A cycle at 120 % keeps a long book's LuaLaTeX at 620 MiB, not
-- 795, in the same time, with the same PDF.
collectgarbage("setpause", 120)
--
-- Leaving.  Once LuaTeX has closed the PDF, the log and the .aux (wrapup_run), freeing
-- its Lua state (every font's tables: 60 to 100 ms for a book) is work nobody sees: a
-- run without an error ends there, with the exit code it would have had; one with an
-- error leaves as LuaTeX does, with its code.
luatexbase.add_to_callback("wrapup_run", function()
  if (status.lasterrorstring or "") == "" then
    os.exit(0)
  end
end, "editions.leave")
--
-- 1. Words.  HarfBuzz gives each glyph the text of its cluster (the glyph_info
-- property), ZWNJ included, but Poppler (pdftotext, Evince, Okular) rebuilds
-- words from the glyphs' positions: Naskh's lam-alef is two glyphs, the alef
-- with no advance, and ZWNJ is a blank, so "اطلاعات" came out as "اط ا" ... "ل"
-- and "قره‌باغ" as "قرهباغ".  Each run of HarfBuzz glyphs between two spaces is
-- wrapped in one /ActualText span holding the word's text.  Poppler lays the
-- span's characters out across its box from its start, the right edge of a
-- right-to-left word, and so reads them backwards: a word that holds a
-- right-to-left letter is written into the span in visual order.
local GLYPH = node.id("glyph")
local KERN = node.id("kern")
local GLUE = node.id("glue")
local HLIST = node.id("hlist")
local WHATSIT = node.id("whatsit")
local LITERAL = node.subtype("pdf_literal")

local harf_fonts = {}

local function is_harf(n)
  local id = n.font
  local known = harf_fonts[id]
  if known == nil then
    local data = font.getfont(id)
    known = data ~= nil and data.hb ~= nil
    harf_fonts[id] = known
  end
  return known
end

-- luaotfload's own spans for a cluster: inside a word's span they would nest.
local function is_span_literal(n)
  if n.id ~= WHATSIT or n.subtype ~= LITERAL then
    return false
  end
  local data = n.data or ""
  return data == "EMC" or data:sub(1, 18) == "/Span<</ActualText"
end

local function is_digit(code)
  return (code >= 0x30 and code <= 0x39) or (code >= 0x0660 and code <= 0x0669)
    or (code >= 0x06F0 and code <= 0x06F9)
end

local function right_to_left(code)
  return not is_digit(code) and ((code >= 0x0590 and code <= 0x08FF)
    or (code >= 0xFB1D and code <= 0xFDFF) or (code >= 0xFE70 and code <= 0xFEFF))
end

-- A right-to-left word in visual order, as Poppler reads a span: its letters
-- reversed, a number inside it (۱۴۰۵, 2020) kept in its own left-to-right order.
local function visual_order(codes)
  local runs, current, digits = {}, {}, nil
  for _, code in ipairs(codes) do
    local is_number = is_digit(code)
    if digits ~= nil and is_number ~= digits then
      runs[#runs + 1] = {digits = digits, codes = current}
      current = {}
    end
    digits = is_number
    current[#current + 1] = code
  end
  if #current > 0 then
    runs[#runs + 1] = {digits = digits, codes = current}
  end
  local visual = {}
  for r = #runs, 1, -1 do
    local run = runs[r].codes
    local first, last, step = #run, 1, -1
    if runs[r].digits then
      first, last, step = 1, #run, 1
    end
    for i = first, last, step do
      visual[#visual + 1] = run[i]
    end
  end
  return visual
end

local function utf16_hex(text)
  local codes, rtl = {}, false
  for _, code in utf8.codes(text) do
    codes[#codes + 1] = code
    rtl = rtl or right_to_left(code)
  end
  if rtl then
    codes = visual_order(codes)
  end
  local hex = {}
  for _, code in ipairs(codes) do
    if code < 0x10000 then
      hex[#hex + 1] = string.format("%04X", code)
    else
      code = code - 0x10000
      hex[#hex + 1] = string.format("%04X%04X", 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
    end
  end
  return table.concat(hex)
end

local function literal(data)
  local n = node.new(WHATSIT, LITERAL)
  n.mode = 1 -- page: inside the text object
  n.data = data
  return n
end

local function cluster_text(n)
  local props = node.getproperty(n)
  local text = props and props.glyph_info
  if text == nil then
    return utf8.char(n.char)
  end
  return text
end

-- luaotfload's names for the span it opens before a glyph and closes after one.
local START = "luaotfload_startactualtext"
local STOP = "luaotfload_endactualtext"

-- A finished box (hpack_filter runs after luaotfload's): its spans are literals.
local function span_literals(head, first, last, hex)
  head = node.insert_before(head, first, literal("/Span<</ActualText<FEFF" .. hex .. ">>>BDC"))
  head = node.insert_after(head, last, literal("EMC"))
  return head
end

-- A line (post_linebreak_filter runs callbacks last-registered first, so before
-- luaotfload's): its spans are the properties from which luaotfload writes them.
local function span_properties(head, first, last, hex)
  local n = first
  while n do
    local props = node.getproperty(n)
    if props then
      props[START], props[STOP] = nil, nil
    end
    if n == last then
      break
    end
    n = n.next
  end
  local first_props = node.getproperty(first) or {}
  first_props[START] = hex
  node.setproperty(first, first_props)
  local last_props = node.getproperty(last) or {}
  last_props[STOP] = true
  node.setproperty(last, last_props)
  return head
end

-- One word: from a HarfBuzz glyph to the last one before something else.
local function wrap_word(head, first, span)
  local parts, last, n = {}, first, first
  local pending_space = false
  while n and ((n.id == GLYPH and is_harf(n)) or n.id == KERN or n.id == GLUE
               or is_span_literal(n)) do
    local following = n.next
    if n.id == GLYPH then
      if pending_space then
        parts[#parts + 1] = " "
        pending_space = false
      end
      parts[#parts + 1] = cluster_text(n)
      last = n
    elseif n.id == GLUE then
      pending_space = true
    elseif is_span_literal(n) then
      head = node.remove(head, n)
      node.free(n)
    end
    n = following
  end
  local text = table.concat(parts)
  if text ~= "" then
    head = span(head, first, last, utf16_hex(text))
  end
  return head, last.next
end

local function wrap_words(head, span)
  local n = head
  while n do
    if n.id == GLYPH and is_harf(n) then
      head, n = wrap_word(head, n, span)
    else
      n = n.next
    end
  end
  return head
end

-- The boxes inside a line went through hpack_filter already: only the line's own list.
-- A draft pass (lualatex --draftmode, for the .aux and .toc alone) writes no PDF, and
-- the spans take no room: it skips them.
if tex.get("draftmode") == 0 then
  luatexbase.add_to_callback("post_linebreak_filter", function(head)
    for line in node.traverse_id(HLIST, head) do
      line.head = wrap_words(line.head, span_properties)
    end
    return true
  end, "editions.actualtext")
  luatexbase.add_to_callback("hpack_filter", function(head)
    return wrap_words(head, span_literals)
  end, "editions.actualtext")
end

-- 2. Letters.
--
-- luaotfload (TeX Live 2022) gives a HarfBuzz glyph the code point that names
-- it in the font's cmap, often an Arabic presentation form (U+FE8D for Naskh's
-- alef, U+FE9F for an initial jeem), and a PDF reader then extracts that: no
-- search finds the Persian word.  As each font is defined, map such code points
-- to the letters they are forms of, from luaotfload's own Unicode data.
local found, forms = pcall(require, "luaotfload-characters")
if not found then
  return
end

local function letters(code)
  local data = type(code) == "number" and code >= 0xFB50 and code <= 0xFEFF and forms[code]
  local special = data and data.specials
  if not special then
    return nil
  end
  local hex = {}
  for i = 2, #special do
    hex[#hex + 1] = string.format("%04X", special[i])
  end
  return table.concat(hex)
end

local function base_letters(tfmdata)
  if type(tfmdata) ~= "table" or not tfmdata.hb then
    return
  end
  for _, character in pairs(tfmdata.characters) do
    local code = character.tounicode
    local hex = letters(code)
    if hex then
      character.tounicode = hex
    elseif type(code) == "number" and code >= 0x0660 and code <= 0x0669 then
      -- Naskh shapes a Persian 6 (U+06F6) with the Arabic-Indic glyph: the
      -- publications' Arabic-script digits are Persian ones.
      character.tounicode = code + 0x90
    end
  end
end

luatexbase.add_to_callback("luaotfload.patch_font_unsafe", base_letters,
                           "editions.base_letters")

-- 3. Web addresses.  A domain written as text (iranwire.com, intellinews.com) is
-- one word a reader types: TeX's patterns would break it (iran-wire.com).  Every
-- word holding a full stop between two letters loses its pattern hyphens.
local DISC = node.id("disc")
local REGULAR = 3 -- LuaTeX's subtype of a discretionary from the hyphenation patterns

local function is_letter(code)
  return code ~= nil and ((code >= 0x41 and code <= 0x5A) or (code >= 0x61 and code <= 0x7A)
    or code >= 0xC0)
end

local function is_domain(first, stop)
  local n, previous = first, nil
  while n ~= stop do
    if n.id == GLYPH then
      local following = n.next
      if n.char == 0x2E and is_letter(previous) and following and following.id == GLYPH
          and is_letter(following.char) then
        return true
      end
      previous = n.char
    end
    n = n.next
  end
  return false
end

local function unhyphenate_domains(head)
  local n = head
  while n do
    if n.id == GLYPH or n.id == DISC then
      local stop = n
      while stop and (stop.id == GLYPH or stop.id == DISC or stop.id == KERN) do
        stop = stop.next
      end
      if is_domain(n, stop) then
        local m = n
        while m ~= stop do
          local following = m.next
          if m.id == DISC and m.subtype == REGULAR then
            if m == n then
              n = following
            end
            head = node.remove(head, m)
            node.free(m)
          end
          m = following
        end
      end
      n = stop
    else
      n = n.next
    end
  end
  return head
end

luatexbase.add_to_callback("pre_linebreak_filter", unhyphenate_domains,
                           "editions.unhyphenate_domains")
