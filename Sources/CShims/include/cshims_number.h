// printf's number formats for Swift, which can call a variadic C function only through a va_list it builds
// (and allocates) per call: at dozens of numbers per file that was a visible share of bulk ingest.
#ifndef CSHIMS_NUMBER_H
#define CSHIMS_NUMBER_H

#include <stddef.h>

/// `%.*g`: `value` with `digits` significant digits. Returns snprintf's result.
int cshim_format_general(char *buffer, size_t size, int digits, double value);

/// `%0*.*f`: `value` with `decimals` decimals, zero-padded to `width` characters.
int cshim_format_fixed(char *buffer, size_t size, int width, int decimals, double value);

/// `%.*ld`: `value` with at least `digits` digits.
int cshim_format_integer(char *buffer, size_t size, int digits, long value);

#endif
