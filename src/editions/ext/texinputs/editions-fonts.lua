-- editions: Persian text that extracts and searches as letters.
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
