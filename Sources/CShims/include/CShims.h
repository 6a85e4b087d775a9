// Umbrella header of the C shims. Each library's wrapper has its own header here.
#ifndef CSHIMS_H
#define CSHIMS_H
#include "cshims_tiff.h"
#include "cshims_png.h"
#include "cshims_jpeg.h"
#include "cshims_zlib.h"
#include "cshims_exif.h"
#include "cshims_number.h"
#endif
