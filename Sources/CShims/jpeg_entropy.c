#include "jpeg_entropy.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// Why this exists: validating a JPEG means walking all of its entropy-coded data, and libjpeg can only do
// that while decoding blocks (even at 1/8 scale it decodes every coefficient and runs an IDCT, upsampling
// and color conversion per block). Ingest validates every original, and on camera-sized JPEGs that decode
// was over a third of ingest's time. For the common case — one sequential Huffman scan holding every
// component — this walks the same codes with a 64-bit bit buffer and an 11-bit lookup table that takes up
// to two symbols at a time, computing no coefficient values but the DC predictions libjpeg checks for
// overflow (Benchmarks/jpeg-validation, on the ingest benchmark's 1,000 640x480 JPEGs: 0.33 ms a file
// against 0.59 ms for libjpeg's 1/8-scale decode). It only ever answers "whole" or "not proven": anything
// unusual (a code missing from the table, a marker or the end of the data where bits are still needed,
// restart markers out of order, stray bytes, anything but EOI after the scan) is "not proven", and the
// caller lets libjpeg decode the file and give its own verdict and message.

enum { LOOKUP_BITS = 11 };

// One Huffman table as the walk uses it.
typedef struct {
    // Entry for the next LOOKUP_BITS bits of the stream: code length << 8 | symbol, or 0 when the code is
    // longer than LOOKUP_BITS (or no code starts with those bits).
    uint16_t single[1 << LOOKUP_BITS];
    // For an AC table, the same bits read as the walk needs them, up to two symbols at a time (the walk
    // is bound by the latency of one lookup after another, so each lookup should take as much as it
    // can). Bits 0-5: how many bits the first symbol takes with its extra bits (code length + size: the
    // extra bits are skipped, their value is never needed); bits 6-12: how far it moves the coefficient
    // index (run + 1; 16 for ZRL; 64 for EOB, which ends the block). Bits 13-18 and 19 up: the same for
    // the first two symbols together, when the second code also lies within the LOOKUP_BITS (else 0);
    // the walk takes them only when the first leaves the block open. 0 when the first code is longer
    // than LOOKUP_BITS.
    uint32_t pair[1 << LOOKUP_BITS];
    // Canonical decoding of longer codes, as in JPEG Annex F.2.2.3: the largest code of each length
    // (-1 when none), and the offset that turns a code of that length into an index of `symbols`.
    int32_t max_code[17];
    int32_t value_offset[17];
    uint8_t symbols[256];
    // What the table was built from, so that a thread can keep it for the next file (see table_cache).
    uint8_t source_bits[17];
    int is_ac;
} walk_table;

// The stream as the walk reads it: `buffer` holds `bits` unread bits, most significant first; below them
// are zeros, or the first bits of the byte at `next` (which the next refill adds again, an idempotent OR).
typedef struct {
    const uint8_t *next;
    const uint8_t *end;
    uint64_t buffer;
    int bits;           // negative once the walk has used bits the data does not have
    int at_marker;      // `next` is at a marker (0xFF not followed by 0x00) or at the end of the data
} bit_reader;

// How far an AC symbol moves the index of the next coefficient, as libjpeg's decoding loop moves it:
// past a run of zeros and one coefficient, past sixteen zeros (ZRL), or out of the block (EOB).
static inline int ac_advance(int symbol) {
    int run = symbol >> 4;
    if (symbol & 15) return run + 1;
    return run == 15 ? 16 : 64;
}

// How many symbols `source` defines (its code counts per length, summed); over 256 in a malformed table.
static int symbol_count(const JHUFF_TBL *source) {
    int count = 0;
    for (int length = 1; length <= 16; length++) count += source->bits[length];
    return count;
}

static int build_table(const JHUFF_TBL *source, walk_table *table, int is_ac) {
    if (!source) return 0;
    memset(table->single, 0, sizeof table->single);
    int count = symbol_count(source);
    if (count > 256) return 0;
    memcpy(table->symbols, source->huffval, (size_t)count);
    memcpy(table->source_bits, source->bits, sizeof table->source_bits);
    table->is_ac = is_ac;
    int32_t code = 0;
    int index = 0;
    for (int length = 1; length <= 16; length++) {
        int n = source->bits[length];
        if (n == 0) {
            table->max_code[length] = -1;
        } else {
            table->value_offset[length] = index - code;
            for (int i = 0; i < n; i++, code++, index++) {
                if (length <= LOOKUP_BITS) {
                    int shift = LOOKUP_BITS - length;
                    uint16_t entry = (uint16_t)(length << 8 | table->symbols[index]);
                    for (int fill = 0; fill < (1 << shift); fill++) table->single[(code << shift) | fill] = entry;
                }
            }
            table->max_code[length] = code - 1;
        }
        if (code > (1 << length)) return 0;  // more codes than this length holds: libjpeg refuses it too
        code <<= 1;
    }
    if (!is_ac) return 1;
    for (uint32_t bits = 0; bits < (1u << LOOKUP_BITS); bits++) {
        uint16_t first = table->single[bits];
        if (!first) { table->pair[bits] = 0; continue; }
        uint32_t skip = (uint32_t)(first >> 8) + (first & 15), advance = (uint32_t)ac_advance(first & 0xFF);
        uint32_t entry = advance << 6 | skip;
        if (skip < LOOKUP_BITS) {
            uint16_t second = table->single[(bits << skip) & ((1u << LOOKUP_BITS) - 1)];
            uint32_t second_length = second >> 8;
            // Only the LOOKUP_BITS - skip bits after the first symbol are known here.
            if (second && second_length <= LOOKUP_BITS - skip)
                entry |= (advance + (uint32_t)ac_advance(second & 0xFF)) << 19
                       | (skip + second_length + (second & 15)) << 13;
        }
        table->pair[bits] = entry;
    }
    return 1;
}

static inline int has_ff_byte(uint64_t word) {
    uint64_t inverted = ~word;  // a 0xFF byte becomes a zero byte
    return ((inverted - 0x0101010101010101ULL) & ~inverted & 0x8080808080808080ULL) != 0;
}

static inline uint64_t load_big_endian(const uint8_t *p) {
    uint64_t word;
    memcpy(&word, p, sizeof word);
    return __builtin_bswap64(word);
}

// Tops the buffer up to at least 56 bits, or up to the next marker.
static inline __attribute__((always_inline)) void refill(bit_reader *r) {
    if (r->at_marker) return;
    if (r->end - r->next >= 8) {
        uint64_t word = load_big_endian(r->next);
        if (!has_ff_byte(word)) {
            r->buffer |= word >> r->bits;
            r->next += (63 - r->bits) >> 3;
            r->bits |= 56;
            return;
        }
    }
    while (r->bits <= 56) {
        if (r->next >= r->end) { r->at_marker = 1; return; }
        uint8_t byte = r->next[0];
        if (byte == 0xFF) {
            if (r->end - r->next < 2 || r->next[1] != 0x00) { r->at_marker = 1; return; }
            r->next += 2;  // a stuffed 0xFF data byte
        } else {
            r->next += 1;
        }
        r->buffer |= (uint64_t)byte << (56 - r->bits);
        r->bits += 8;
    }
}

// The next symbol, its code consumed; -1 when the bits form no code of the table.
static inline __attribute__((always_inline)) int next_symbol(bit_reader *r, const walk_table *table) {
    uint16_t entry = table->single[r->buffer >> (64 - LOOKUP_BITS)];
    if (entry) {
        int length = entry >> 8;
        r->buffer <<= length;
        r->bits -= length;
        return entry & 0xFF;
    }
    int length = LOOKUP_BITS + 1;
    int32_t code = (int32_t)(r->buffer >> (64 - length));
    while (code > table->max_code[length]) {
        length++;
        if (length > 16) return -1;
        code = (int32_t)(r->buffer >> (64 - length));
    }
    r->buffer <<= length;
    r->bits -= length;
    return table->symbols[table->value_offset[length] + code];
}

// Moves past the marker the reader stopped at (and any 0xFF fill bytes before it); its code, or -1 when
// the reader stopped elsewhere or whole bytes of data are left before it (which libjpeg reports as corrupt
// data unless its read-ahead already took them: either way, libjpeg decides).
static inline __attribute__((always_inline)) int take_marker(bit_reader *r) {
    refill(r);
    if (!r->at_marker || r->bits < 0 || r->bits >= 8) return -1;
    const uint8_t *p = r->next;
    while (p < r->end && *p == 0xFF) p++;
    if (p == r->next || p >= r->end) return -1;
    r->next = p + 1;
    r->buffer = 0;
    r->bits = 0;
    r->at_marker = 0;
    return *p;
}

// Walk tables kept per thread, keyed by the Huffman table they were built from: the files of one camera or
// scanner (often of a whole collection) share their tables, and building the four a colour file needs
// costs about a twentieth of walking a 640x480 one. Eight slots hold every table one scan can use (four DC,
// four AC); slots are replaced in turn, skipping those the same scan already took (replacing one of them
// walked a component with another table).
enum { CACHED_TABLES = 2 * NUM_HUFF_TBLS };

typedef struct {
    walk_table *tables[CACHED_TABLES];
    int next_replaced;
} table_cache;

static pthread_key_t cache_key;
static int cache_key_made;

static void free_cache(void *pointer) {
    table_cache *cache = pointer;
    for (int i = 0; i < CACHED_TABLES; i++) free(cache->tables[i]);
    free(cache);
}

static void make_cache_key(void) { cache_key_made = pthread_key_create(&cache_key, free_cache) == 0; }

// This thread's cache (freed when the thread ends), or NULL when there is no memory for one.
static table_cache *thread_cache(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_cache_key);
    if (!cache_key_made) return NULL;
    table_cache *cache = pthread_getspecific(cache_key);
    if (!cache) {
        cache = calloc(1, sizeof *cache);
        if (cache && pthread_setspecific(cache_key, cache) != 0) { free(cache); cache = NULL; }
    }
    return cache;
}

static int built_from(const walk_table *table, const JHUFF_TBL *source, int is_ac) {
    if (table->is_ac != is_ac || memcmp(table->source_bits, source->bits, sizeof table->source_bits) != 0) return 0;
    int count = symbol_count(source);
    return count <= 256 && memcmp(table->symbols, source->huffval, (size_t)count) == 0;
}

// The walk table for `source`, from the cache or built into the next slot not in `taken` (the slots this
// scan uses, a bit each, to which it adds its own); NULL when it cannot be built.
static const walk_table *table_for(table_cache *cache, const JHUFF_TBL *source, int is_ac, unsigned *taken) {
    if (!source) return NULL;
    for (int i = 0; i < CACHED_TABLES; i++) {
        if (cache->tables[i] && built_from(cache->tables[i], source, is_ac)) {
            *taken |= 1u << i;
            return cache->tables[i];
        }
    }
    // A scan uses at most CACHED_TABLES tables, so a slot it has not taken is left while it needs another.
    while (*taken & 1u << cache->next_replaced) cache->next_replaced = (cache->next_replaced + 1) % CACHED_TABLES;
    *taken |= 1u << cache->next_replaced;
    walk_table **slot = &cache->tables[cache->next_replaced];
    cache->next_replaced = (cache->next_replaced + 1) % CACHED_TABLES;
    if (!*slot && !(*slot = malloc(sizeof **slot))) return NULL;
    if (!build_table(source, *slot, is_ac)) {
        (*slot)->is_ac = -1;  // matches nothing
        return NULL;
    }
    return *slot;
}

static int walk(j_decompress_ptr cinfo, const walk_table *const dc[], const walk_table *const ac[]);

int jpeg_entropy_proven_whole(j_decompress_ptr cinfo) {
    if (cinfo->progressive_mode || cinfo->arith_code || cinfo->comps_in_scan != cinfo->num_components
        || cinfo->comps_in_scan < 1 || cinfo->comps_in_scan > MAX_COMPS_IN_SCAN
        || cinfo->blocks_in_MCU < 1 || cinfo->blocks_in_MCU > D_MAX_BLOCKS_IN_MCU
        || cinfo->unread_marker != 0 || cinfo->src == NULL)
        return 0;
    table_cache *cache = thread_cache();
    if (!cache) return 0;
    const walk_table *dc[MAX_COMPS_IN_SCAN], *ac[MAX_COMPS_IN_SCAN];
    unsigned taken = 0;
    for (int ci = 0; ci < cinfo->comps_in_scan; ci++) {
        const jpeg_component_info *component = cinfo->cur_comp_info[ci];
        if (component->dc_tbl_no < 0 || component->dc_tbl_no >= NUM_HUFF_TBLS
            || component->ac_tbl_no < 0 || component->ac_tbl_no >= NUM_HUFF_TBLS)
            return 0;
        dc[ci] = table_for(cache, cinfo->dc_huff_tbl_ptrs[component->dc_tbl_no], 0, &taken);
        ac[ci] = table_for(cache, cinfo->ac_huff_tbl_ptrs[component->ac_tbl_no], 1, &taken);
        if (!dc[ci] || !ac[ci]) return 0;
    }
    return walk(cinfo, dc, ac);
}

// The walk itself, over tables built for every component of the scan.
static int walk(j_decompress_ptr cinfo, const walk_table *const dc[], const walk_table *const ac[]) {
    bit_reader r = { cinfo->src->next_input_byte, cinfo->src->next_input_byte + cinfo->src->bytes_in_buffer,
                     0, 0, 0 };
    int dc_prediction[MAX_COMPS_IN_SCAN] = { 0 };
    uint64_t mcus = (uint64_t)cinfo->MCUs_per_row * cinfo->MCU_rows_in_scan;
    unsigned interval = cinfo->restart_interval;
    unsigned until_restart = interval;
    int next_restart = 0;
    for (uint64_t mcu = 0; mcu < mcus; mcu++) {
        if (interval) {
            if (until_restart == 0) {
                if (take_marker(&r) != 0xD0 + next_restart) return 0;
                next_restart = (next_restart + 1) & 7;
                memset(dc_prediction, 0, sizeof dc_prediction);
                until_restart = interval;
            }
            until_restart--;
        }
        for (int block = 0; block < cinfo->blocks_in_MCU; block++) {
            int ci = cinfo->MCU_membership[block];
            // Each symbol with its extra bits takes at most 31 bits; 32 buffered bits always suffice.
            if (r.bits < 32) { refill(&r); if (r.bits < 0) return 0; }
            int size = next_symbol(&r, dc[ci]);
            if (size < 0 || size > 15) return 0;
            if (size) {
                int extra = (int)(r.buffer >> (64 - size));
                int difference = extra < (1 << (size - 1)) ? extra - (1 << size) + 1 : extra;
                r.buffer <<= size;
                r.bits -= size;
                int last = dc_prediction[ci];
                if ((last >= 0 && difference > INT_MAX - last) || (last < 0 && difference < INT_MIN - last))
                    return 0;
                dc_prediction[ci] = last + difference;
            }
            // libjpeg's loop (jdhuff.c) in effect, so the same codes are read: a run past the block's end
            // stops it as libjpeg does rather than failing.
            const walk_table *table = ac[ci];
            for (int k = 1; k < 64;) {
                if (r.bits < 32) { refill(&r); if (r.bits < 0) return 0; }
                uint32_t entry = table->pair[r.buffer >> (64 - LOOKUP_BITS)];
                if (entry) {
                    uint32_t skip = entry & 63, advance = (entry >> 6) & 127;
                    uint32_t both = (entry >> 13) & 63;
                    if (both && k + (int)advance < 64) { skip = both; advance = entry >> 19; }
                    r.buffer <<= skip;
                    r.bits -= (int)skip;
                    k += (int)advance;
                    continue;
                }
                int symbol = next_symbol(&r, table);
                if (symbol < 0) return 0;
                r.buffer <<= symbol & 15;
                r.bits -= symbol & 15;
                k += ac_advance(symbol);
            }
        }
    }
    if (r.bits < 0) return 0;
    return take_marker(&r) == 0xD9;  // EOI
}
