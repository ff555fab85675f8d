// Thumbnails of uploaded photographs and scans for the pre-reviewer (issue 15 §3, ADR 0031).
//
// libjpeg-turbo and libpng report errors by longjmp from their error handlers; Swift cannot
// call setjmp, so decoding lives here, in C, and returns a status. Nothing here trusts the file:
// dimensions are checked before decoding, every error ends in a clean return, and the image is
// read and scaled a row at a time (a box filter), so a 20 MB photograph never sits decoded in
// memory.

#include "thumbnail.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

// A photograph of 64 megapixels is the most a thumbnail is made of: a small file that claims
// more (a decompression bomb) is refused before a row is read.
#define ONEDOOR_MAX_PIXELS 64000000LL

// Rows of the source accumulate into the current row of the thumbnail; a finished row is
// handed to the JPEG encoder.
typedef struct {
    int source_width, source_height, width, height;
    uint32_t *sums;      // width * 3
    uint32_t *counts;    // width
    int *column;         // source_width: the thumbnail column of each source column
    int current;         // the thumbnail row being summed
    unsigned char *line; // width * 3
    struct jpeg_compress_struct *encoder;
} scaler;

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} jpeg_failure;

static void jpeg_fail(j_common_ptr info) {
    jpeg_failure *failure = (jpeg_failure *)info->err;
    (*info->err->format_message)(info, failure->message);
    longjmp(failure->jump, 1);
}

static void jpeg_quiet(j_common_ptr info, int level) { (void)info; (void)level; }

static void set_error(char *error, size_t size, const char *text) {
    if (error && size > 0) {
        strncpy(error, text, size - 1);
        error[size - 1] = 0;
    }
}

static void fit(int source_width, int source_height, int max_side, int *width, int *height) {
    if (source_width <= max_side && source_height <= max_side) {
        *width = source_width;
        *height = source_height;
    } else if (source_width >= source_height) {
        *width = max_side;
        *height = (int)((int64_t)source_height * max_side / source_width);
    } else {
        *height = max_side;
        *width = (int)((int64_t)source_width * max_side / source_height);
    }
    if (*width < 1) *width = 1;
    if (*height < 1) *height = 1;
}

static int scaler_init(scaler *s, int source_width, int source_height, int width, int height, struct jpeg_compress_struct *encoder) {
    memset(s, 0, sizeof *s);
    s->source_width = source_width;
    s->source_height = source_height;
    s->width = width;
    s->height = height;
    s->encoder = encoder;
    s->sums = calloc((size_t)width * 3, sizeof(uint32_t));
    s->counts = calloc((size_t)width, sizeof(uint32_t));
    s->column = malloc((size_t)source_width * sizeof(int));
    s->line = malloc((size_t)width * 3);
    if (!s->sums || !s->counts || !s->column || !s->line) return -1;
    for (int x = 0; x < source_width; x++) s->column[x] = (int)((int64_t)x * width / source_width);
    return 0;
}

static void scaler_free(scaler *s) {
    free(s->sums);
    free(s->counts);
    free(s->column);
    free(s->line);
}

static void scaler_flush(scaler *s) {
    for (int x = 0; x < s->width; x++) {
        uint32_t n = s->counts[x] ? s->counts[x] : 1;
        for (int c = 0; c < 3; c++) s->line[x * 3 + c] = (unsigned char)(s->sums[x * 3 + c] / n);
    }
    JSAMPROW row = s->line;
    jpeg_write_scanlines(s->encoder, &row, 1);
    memset(s->sums, 0, (size_t)s->width * 3 * sizeof(uint32_t));
    memset(s->counts, 0, (size_t)s->width * sizeof(uint32_t));
}

// One source row of RGB pixels, row number `y`.
static void scaler_add(scaler *s, const unsigned char *rgb, int y) {
    int target = (int)((int64_t)y * s->height / s->source_height);
    while (s->current < target) {
        scaler_flush(s);
        s->current++;
    }
    for (int x = 0; x < s->source_width; x++) {
        int t = s->column[x];
        s->sums[t * 3] += rgb[x * 3];
        s->sums[t * 3 + 1] += rgb[x * 3 + 1];
        s->sums[t * 3 + 2] += rgb[x * 3 + 2];
        s->counts[t] += 1;
    }
}

static void scaler_finish(scaler *s) {
    while (s->current < s->height) {
        scaler_flush(s);
        s->current++;
    }
}

// The output buffer is ours and larger than any JPEG of the thumbnail can be (the raw pixels and
// room for headers), so the library never reallocates it: on an error it is simply freed.
static int encoder_start(struct jpeg_compress_struct *encoder, int width, int height, unsigned char **out, unsigned long *out_size) {
    *out_size = (unsigned long)width * (unsigned long)height * 3 + 65536;
    *out = malloc(*out_size);
    if (!*out) return -1;
    jpeg_create_compress(encoder);
    jpeg_mem_dest(encoder, out, out_size);
    encoder->image_width = (JDIMENSION)width;
    encoder->image_height = (JDIMENSION)height;
    encoder->input_components = 3;
    encoder->in_color_space = JCS_RGB;
    jpeg_set_defaults(encoder);
    jpeg_set_quality(encoder, 75, TRUE);
    jpeg_start_compress(encoder, TRUE);
    return 0;
}

static int thumbnail_jpeg(FILE *file, int max_side, int max_dimension, unsigned char **out, unsigned long *out_size, int *out_width,
                          int *out_height, char *error, size_t error_size) {
    struct jpeg_decompress_struct decoder;
    struct jpeg_compress_struct encoder;
    jpeg_failure failure;
    scaler s;
    memset(&s, 0, sizeof s);
    memset(&encoder, 0, sizeof encoder);
    volatile int encoding = 0;
    unsigned char *volatile row = NULL;
    decoder.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    failure.manager.emit_message = jpeg_quiet;
    encoder.err = decoder.err;
    if (setjmp(failure.jump)) {
        set_error(error, error_size, failure.message);
        if (encoding) jpeg_destroy_compress(&encoder);
        jpeg_destroy_decompress(&decoder);
        scaler_free(&s);
        free(row);
        if (*out) { free(*out); *out = NULL; }
        return -1;
    }
    jpeg_create_decompress(&decoder);
    jpeg_stdio_src(&decoder, file);
    jpeg_read_header(&decoder, TRUE);
    if ((int)decoder.image_width > max_dimension || (int)decoder.image_height > max_dimension ||
        (int64_t)decoder.image_width * decoder.image_height > ONEDOOR_MAX_PIXELS) {
        set_error(error, error_size, "image too large");
        jpeg_destroy_decompress(&decoder);
        return -1;
    }
    decoder.out_color_space = JCS_RGB;
    // libjpeg scales by 1/2, 1/4 or 1/8 while decoding: the largest that keeps the result at
    // least the thumbnail's size does most of the work for nothing.
    decoder.scale_num = 1;
    decoder.scale_denom = 1;
    int longer = decoder.image_width > decoder.image_height ? (int)decoder.image_width : (int)decoder.image_height;
    while (decoder.scale_denom < 8 && longer / (int)(decoder.scale_denom * 2) >= max_side) decoder.scale_denom *= 2;
    jpeg_start_decompress(&decoder);
    int width, height;
    fit((int)decoder.output_width, (int)decoder.output_height, max_side, &width, &height);
    if (encoder_start(&encoder, width, height, out, out_size) != 0) {
        strcpy(failure.message, "out of memory");
        longjmp(failure.jump, 1);
    }
    encoding = 1;
    if (scaler_init(&s, (int)decoder.output_width, (int)decoder.output_height, width, height, &encoder) != 0) {
        strcpy(failure.message, "out of memory");
        longjmp(failure.jump, 1);
    }
    row = malloc((size_t)decoder.output_width * 3);
    if (!row) {
        strcpy(failure.message, "out of memory");
        longjmp(failure.jump, 1);
    }
    while (decoder.output_scanline < decoder.output_height) {
        int y = (int)decoder.output_scanline;
        JSAMPROW rows[1] = { row };
        jpeg_read_scanlines(&decoder, rows, 1);
        scaler_add(&s, row, y);
    }
    scaler_finish(&s);
    jpeg_finish_compress(&encoder);
    jpeg_destroy_compress(&encoder);
    encoding = 0;
    jpeg_finish_decompress(&decoder);
    jpeg_destroy_decompress(&decoder);
    scaler_free(&s);
    free(row);
    *out_width = width;
    *out_height = height;
    return 0;
}

typedef struct {
    jmp_buf jump;
    char message[200];
} png_failure;

static void png_fail(png_structp png, png_const_charp message) {
    png_failure *failure = png_get_error_ptr(png);
    snprintf(failure->message, sizeof failure->message, "%s", message);
    longjmp(failure->jump, 1);
}

static void png_quiet(png_structp png, png_const_charp message) { (void)png; (void)message; }

static int thumbnail_png(FILE *file, int max_side, int max_dimension, unsigned char **out, unsigned long *out_size, int *out_width,
                         int *out_height, char *error, size_t error_size) {
    png_failure failure;
    strcpy(failure.message, "not a PNG");
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &failure, png_fail, png_quiet);
    if (!png) { set_error(error, error_size, "out of memory"); return -1; }
    png_infop info = png_create_info_struct(png);
    struct jpeg_compress_struct encoder;
    jpeg_failure jpeg_errors;
    memset(&encoder, 0, sizeof encoder);
    encoder.err = jpeg_std_error(&jpeg_errors.manager);
    jpeg_errors.manager.emit_message = jpeg_quiet;
    scaler s;
    memset(&s, 0, sizeof s);
    volatile int encoding = 0;
    unsigned char *volatile row = NULL;
    if (!info || setjmp(failure.jump)) {
        set_error(error, error_size, failure.message);
        if (encoding) jpeg_destroy_compress(&encoder);
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        scaler_free(&s);
        free(row);
        if (*out) { free(*out); *out = NULL; }
        return -1;
    }
    png_init_io(png, file);
    png_set_user_limits(png, (png_uint_32)max_dimension, (png_uint_32)max_dimension);
    png_read_info(png, info);
    png_uint_32 source_width = png_get_image_width(png, info), source_height = png_get_image_height(png, info);
    if ((int64_t)source_width * source_height > ONEDOOR_MAX_PIXELS) {
        strcpy(failure.message, "image too large");
        longjmp(failure.jump, 1);
    }
    if (png_get_interlace_type(png, info) != PNG_INTERLACE_NONE) {
        strcpy(failure.message, "interlaced PNG");
        longjmp(failure.jump, 1);
    }
    // Whatever the PNG holds, rows of 8-bit RGB: palettes expanded, grey made colour, 16 bits
    // cut to 8, transparency laid on white (a scanned form is black on white).
    int colour = png_get_color_type(png, info);
    if (colour == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (colour == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (png_get_bit_depth(png, info) == 16) png_set_strip_16(png);
    if (colour == PNG_COLOR_TYPE_GRAY || colour == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_color_16 white = { 0, 255, 255, 255, 255 };
    png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) < (size_t)source_width * 3 || png_get_channels(png, info) != 3) {
        strcpy(failure.message, "unexpected PNG layout");
        longjmp(failure.jump, 1);
    }
    int width, height;
    fit((int)source_width, (int)source_height, max_side, &width, &height);
    // The encoder's own errors also end here.
    jpeg_errors.manager.error_exit = jpeg_fail;
    if (setjmp(jpeg_errors.jump)) {
        snprintf(failure.message, sizeof failure.message, "%s", jpeg_errors.message);
        longjmp(failure.jump, 1);
    }
    if (encoder_start(&encoder, width, height, out, out_size) != 0) {
        strcpy(failure.message, "out of memory");
        longjmp(failure.jump, 1);
    }
    encoding = 1;
    if (scaler_init(&s, (int)source_width, (int)source_height, width, height, &encoder) != 0) {
        strcpy(failure.message, "out of memory");
        longjmp(failure.jump, 1);
    }
    row = malloc(png_get_rowbytes(png, info));
    if (!row) {
        strcpy(failure.message, "out of memory");
        longjmp(failure.jump, 1);
    }
    for (png_uint_32 y = 0; y < source_height; y++) {
        png_read_row(png, row, NULL);
        scaler_add(&s, row, (int)y);
    }
    scaler_finish(&s);
    jpeg_finish_compress(&encoder);
    jpeg_destroy_compress(&encoder);
    encoding = 0;
    png_destroy_read_struct(&png, &info, NULL);
    scaler_free(&s);
    free(row);
    *out_width = width;
    *out_height = height;
    return 0;
}

int onedoor_thumbnail(const char *path, int kind, int max_side, int max_dimension, unsigned char **out, size_t *out_size, int *out_width,
                      int *out_height, char *error, size_t error_size) {
    *out = NULL;
    *out_size = 0;
    if (max_side < 1 || max_dimension < 1) { set_error(error, error_size, "bad size"); return -1; }
    FILE *file = fopen(path, "rb");
    if (!file) { set_error(error, error_size, "cannot open the file"); return -1; }
    unsigned long size = 0;
    int result;
    switch (kind) {
    case ONEDOOR_JPEG:
        result = thumbnail_jpeg(file, max_side, max_dimension, out, &size, out_width, out_height, error, error_size);
        break;
    case ONEDOOR_PNG:
        result = thumbnail_png(file, max_side, max_dimension, out, &size, out_width, out_height, error, error_size);
        break;
    default:
        set_error(error, error_size, "not an image");
        result = -1;
    }
    fclose(file);
    *out_size = (size_t)size;
    return result;
}

void onedoor_thumbnail_free(unsigned char *bytes) { free(bytes); }
