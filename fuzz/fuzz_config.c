/*
** Fuzz the configuration loader in both dialects (.plimsoll.yaml read
** strictly, .hadolint.yaml leniently), then write the result back out
** as --show-config does.
*/
#include "fuzz.h"

#include "plimsoll/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const pl_config_dialect dialects[] = {PL_CONFIG_PLIMSOLL, PL_CONFIG_HADOLINT};
	for (size_t i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++) {
		pl_config cfg;
		pl_config_init(&cfg);
		const char *err = NULL;
		if (pl_config_load_text(&cfg, ".plimsoll.yaml", (const char *)data, size, dialects[i], &err) == 0)
			pl_config_write(&cfg, fuzz_null());
		pl_config_free(&cfg);
	}
	return 0;
}
