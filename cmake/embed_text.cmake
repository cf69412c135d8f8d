# embed_text.cmake — write the bytes of IN as a C array initializer list
# ("0x7b,0x0a,...") to OUT, for `static const char x[] = {
# #include "OUT"
# 0};` (an array, not a string literal: ISO C caps those at 4095 bytes).
# cmake -DIN=FILE -DOUT=FILE -P embed_text.cmake
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "${bytes}\n")
file(RENAME "${OUT}.tmp" "${OUT}")
