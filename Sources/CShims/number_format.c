#include "cshims_number.h"

#include <stdio.h>

int cshim_format_general(char *buffer, size_t size, int digits, double value) {
    return snprintf(buffer, size, "%.*g", digits, value);
}

int cshim_format_fixed(char *buffer, size_t size, int width, int decimals, double value) {
    return snprintf(buffer, size, "%0*.*f", width, decimals, value);
}

int cshim_format_integer(char *buffer, size_t size, int digits, long value) {
    return snprintf(buffer, size, "%.*ld", digits, value);
}
