/*
** Shared by the libFuzzer targets in this folder (see fuzz/README.md):
** the entry point's declaration and a sink for what renderers write.
*/
#ifndef PL_FUZZ_H
#define PL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* /dev/null, opened once: dumps and reports are made, then thrown away. */
static inline FILE *fuzz_null(void)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	return null;
}

#endif
