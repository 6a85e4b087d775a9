// Validation of JPEGs held in memory, two ways, on the same files in one run: libjpeg's 1/8-scale decode
// (what ingest used before the entropy walk, and still uses for files the walk cannot prove) and the
// entropy walk (Sources/CShims/jpeg_entropy.c). One thread; each file is read into memory first.
// Usage: walk_vs_libjpeg RUNS FILE...   Prints the median seconds of each and their ratio.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jpeglib.h>
#include "jpeg_entropy.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// 1 when the file is proven whole (walk) or decodes (libjpeg); libjpeg's default error handler exits on
// an error, which a benchmark of intact files never meets.
static int validate(const unsigned char *bytes, unsigned long size, int walk) {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr errors;
    cinfo.err = jpeg_std_error(&errors);
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, bytes, size);
    jpeg_read_header(&cinfo, TRUE);
    cinfo.scale_num = 1;
    cinfo.scale_denom = 8;
    jpeg_start_decompress(&cinfo);
    int whole = 1;
    if (walk) {
        whole = jpeg_entropy_proven_whole(&cinfo);
    } else {
        JSAMPLE row[4096 * 3];
        JSAMPROW rows[1] = { row };
        while (cinfo.output_scanline < cinfo.output_height) jpeg_read_scanlines(&cinfo, rows, 1);
        jpeg_finish_decompress(&cinfo);
    }
    jpeg_destroy_decompress(&cinfo);
    return whole;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s RUNS FILE...\n", argv[0]); return 64; }
    int runs = atoi(argv[1]), count = argc - 2;
    unsigned char **files = malloc(sizeof *files * count);
    unsigned long *sizes = malloc(sizeof *sizes * count);
    for (int i = 0; i < count; i++) {
        FILE *f = fopen(argv[i + 2], "rb");
        if (!f) { perror(argv[i + 2]); return 66; }
        fseek(f, 0, SEEK_END);
        sizes[i] = (unsigned long)ftell(f);
        fseek(f, 0, SEEK_SET);
        files[i] = malloc(sizes[i]);
        if (fread(files[i], 1, sizes[i], f) != sizes[i]) { perror(argv[i + 2]); return 74; }
        fclose(f);
    }
    double medians[2];
    int proven = 0;
    for (int walk = 0; walk < 2; walk++) {
        double *times = malloc(sizeof *times * runs);
        for (int run = 0; run < runs; run++) {
            double start = now();
            int whole = 0;
            for (int i = 0; i < count; i++) whole += validate(files[i], sizes[i], walk);
            times[run] = now() - start;
            if (walk) proven = whole;
        }
        qsort(times, runs, sizeof *times, compare);
        medians[walk] = times[runs / 2];
        free(times);
    }
    printf("%d JPEGs, median of %d runs, one thread\n", count, runs);
    printf("  libjpeg 1/8-scale decode   %8.3f s  %7.3f ms a file\n", medians[0], medians[0] * 1e3 / count);
    printf("  entropy walk               %8.3f s  %7.3f ms a file  (%d of %d proven whole)\n", medians[1],
           medians[1] * 1e3 / count, proven, count);
    printf("  ratio libjpeg / walk: %.2fx\n", medians[0] / medians[1]);
    return 0;
}
