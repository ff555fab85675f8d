#ifndef ONEDOOR_THUMBNAIL_H
#define ONEDOOR_THUMBNAIL_H

#include <stddef.h>

/// The kinds of image a thumbnail is made from.
enum onedoor_image_kind { ONEDOOR_JPEG = 1, ONEDOOR_PNG = 2 };

/// Makes a JPEG thumbnail of the image file at `path`, at most `max_side` pixels on its longer
/// side, reading the image a row at a time (memory is a few rows, whatever the image's size).
/// Images wider or taller than `max_dimension` are refused before anything is decoded.
/// Returns 0 and sets `*out` (free it with `onedoor_thumbnail_free`), `*out_size`, `*out_width`
/// and `*out_height`; or returns non-zero with a reason in `error`.
int onedoor_thumbnail(const char *path, int kind, int max_side, int max_dimension, unsigned char **out, size_t *out_size,
                      int *out_width, int *out_height, char *error, size_t error_size);

void onedoor_thumbnail_free(unsigned char *bytes);

#endif
